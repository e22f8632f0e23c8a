using System.Diagnostics;

namespace Wyn.Engine.Schedulers;

public sealed partial class ThreadPoolScheduler
{
    /// <summary>
    /// Shutdown, step by step:
    /// 1. drain mode: wait until idle (queue empty, nobody running or holding an item); cancel mode
    ///    (or a drain that timed out): set cancelling, so runners and helpers cancel what they take;
    /// 2. set stopped (a full fence), then cancel what is queued. An Enqueue reads stopped after its
    ///    own enqueue, so either this sweep or the enqueuer's own sweep finds the item;
    /// 3. wait (bounded by the timeout) until no runner is queued or running — pool threads are not
    ///    ours to join, but none of them runs our work any more;
    /// 4. cancel anything still queued and give the pool its original minimum back.
    /// </summary>
    public bool Stop(ShutdownMode mode, TimeSpan timeout)
    {
        if (CurrentRunner() is not null)
            throw new InvalidOperationException("The engine cannot be stopped from one of its own worker threads.");
        var clock = Stopwatch.StartNew();
        bool inTime = true;
        if (mode == ShutdownMode.Drain && Volatile.Read(ref _started) != 0)
            inTime = WaitUntil(() => IsIdle, timeout);
        if (mode == ShutdownMode.Cancel || !inTime)
            _cancelling = true;

        // Step 2.
        _stopped = true;
        Interlocked.MemoryBarrier();
        CancelQueued();

        // Step 3.
        TimeSpan left = timeout - clock.Elapsed;
        if (!WaitUntil(() => Volatile.Read(ref _runners) == 0, left < TimeSpan.Zero ? TimeSpan.Zero : left))
            inTime = false;

        // Step 4.
        CancelQueued();
        RestorePoolMinimum();
        return inTime;
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var spin = new SpinWait();
        while (!condition())
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
