using System.Diagnostics;

namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler
{
    /// <summary>
    /// Shutdown, step by step:
    /// 1. drain mode: wait until idle (nothing in any deque, the injection queue or a buffer, and no
    ///    thread holding or running work) — work spawned by work keeps the engine busy, so it is
    ///    drained too; cancel mode (or a drain that timed out): set cancelling, so every thread
    ///    cancels instead of runs what it takes;
    /// 2. set stopping and wake every sleeper; workers leave once a search finds nothing;
    /// 3. join the workers and spares (bounded by the timeout);
    /// 4. set stopped, close the injection queue and cancel what is left in it, in the deques and in
    ///    the external buffers. From then on an external spawn sees stopped after publishing to its
    ///    buffer (a full fence apart) and flushes into the closed queue, which refuses it: it is
    ///    cancelled. Stop's sweep of a buffer takes the buffer's flag after setting stopped, so of the
    ///    two — the sweep and the spawn's own flush — at least one finds the item. A spawn racing the
    ///    stop is therefore run or cancelled, never stranded.
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

        // Step 2.
        lock (_stateLock)
            _stopping = true;
        WakeAll();

        // Step 3.
        foreach (Worker worker in AllWorkers())
        {
            TimeSpan left = timeout - clock.Elapsed;
            if (worker.Thread is { } thread && !thread.Join(left < TimeSpan.Zero ? TimeSpan.Zero : left))
                inTime = false;
        }

        // Step 4. Interlocked: a full fence between "stopped" and the sweeps below.
        _stopped = true;
        Interlocked.MemoryBarrier();
        List<WorkItem> leftovers = _injection.Close();
        DrainExternals(leftovers);
        if (inTime)
        {
            // Every owner has exited, so taking from the top with the thieves' protocol is safe.
            foreach (Worker worker in AllWorkers())
            {
                while (worker.Local.TrySteal(out _) is { } item)
                    leftovers.Add(item);
            }
        }
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
