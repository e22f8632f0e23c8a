using System.Diagnostics;

namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    /// <summary>
    /// Shutdown, step by step:
    /// 1. drain mode: wait until idle (nothing queued anywhere, no worker busy) — work spawned by
    ///    work keeps the engine busy, so it is drained too; cancel mode: set the cancelling flag,
    ///    so workers cancel instead of run what they pop;
    /// 2. set stopping and wake everybody; idle workers exit;
    /// 3. join the workers (bounded by the timeout);
    /// 4. under the global lock set stopped, then cancel whatever is still queued or buffered — from
    ///    then on an enqueue sees stopped under the same lock and cancels its item at once, so a
    ///    spawn racing the stop is either run or cancelled, never stranded.
    /// </summary>
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

        lock (_global.SyncRoot)
        {
            _stopping = true;
            Monitor.PulseAll(_global.SyncRoot);
        }
        foreach (Worker worker in AllWorkers())
        {
            TimeSpan left = timeout - clock.Elapsed;
            if (worker.Thread is { } thread && !thread.Join(left < TimeSpan.Zero ? TimeSpan.Zero : left))
                inTime = false;
        }

        var leftovers = new List<WorkItem>();
        lock (_global.SyncRoot)
        {
            _stopped = true;
            while (_global.TryPop(out WorkItem item))
                leftovers.Add(item);
        }
        DrainExternals(leftovers);
        foreach (WorkItem item in leftovers)
            item.Cancel();
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
            // The stopping thread's own buffered spawns must reach the workers.
            FlushCurrentExternal();
            if (spin.NextSpinWillYield && clock.ElapsedMilliseconds > 1)
                Thread.Sleep(1);
            else
                spin.SpinOnce();
        }
        return true;
    }
}
