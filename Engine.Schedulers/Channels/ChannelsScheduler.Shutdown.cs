using System.Diagnostics;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class ChannelsScheduler
{
    /// <summary>Stops in the four steps described on the class.</summary>
    public bool Stop(ShutdownMode mode, TimeSpan timeout)
    {
        if (CurrentWorker() is not null)
            throw new InvalidOperationException("The engine cannot be stopped from one of its own worker threads.");
        var clock = Stopwatch.StartNew();
        bool inTime = true;
        if (mode == ShutdownMode.Drain && Volatile.Read(ref _started) != 0)
            inTime = WaitUntilIdle(timeout);
        if (mode == ShutdownMode.Cancel || !inTime)
            _cancelling = true;

        // Step 2.
        lock (_stateLock)
            _stopped = true;
        _channel.Writer.TryComplete();

        // Step 3.
        foreach (ChannelWorker worker in AllWorkers())
        {
            TimeSpan left = timeout - clock.Elapsed;
            if (worker.Thread is { } thread && !thread.Join(left < TimeSpan.Zero ? TimeSpan.Zero : left))
                inTime = false;
        }

        // Step 4.
        while (_channel.Reader.TryRead(out ClaimTicket? ticket))
            ticket.TryClaim()?.Cancel();
        return inTime;
    }

    private bool WaitUntilIdle(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var spin = new SpinWait();
        while (!IsIdle)
        {
            if (clock.Elapsed > timeout)
                return false;
            if (spin.NextSpinWillYield && clock.ElapsedMilliseconds > 1)
                Thread.Sleep(1);
            else
                spin.SpinOnce();
        }
        return true;
    }
}
