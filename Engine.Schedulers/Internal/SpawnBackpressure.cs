using System.Diagnostics;

namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// Keeps a spawner outside the workers from running far ahead of them: when a shared queue holds
/// more than <see cref="HighWater"/> items after the spawner's flush, the spawner waits until the
/// workers have taken it down to <see cref="LowWater"/>. Queued work costs memory (a spawn batch of 64
/// W1 tasks is ~2 KB), and on a machine where the spawner and the workers share the cores, a spawner
/// that never waits can pile up millions of tasks (decision 0010).
/// </summary>
/// <remarks>
/// The wait can slow a spawner, never stop it. It goes on only while the workers finish a queue
/// item at least every <see cref="DefaultStallMilliseconds"/> and the queue reaches a new low at
/// least every <see cref="DefaultShrinkWindowMilliseconds"/>. When it does not (long tasks; tasks
/// blocked on something this spawner has yet to do; workers busy with their own local work, or
/// putting back as much as they take), the spawner stops
/// waiting for a while: until the queue is down to the low-water mark, or a suspension of 10 ms has
/// passed, doubling with each stall in a row in which the workers finished nothing, up to about
/// 2.5 s. A passing hiccup (both workers descheduled for a moment on a loaded machine) so costs
/// some milliseconds of unbounded spawning, and workers that stay blocked cost the spawner a short
/// wait now and then.
/// Takes happen under the queue's lock; <see cref="OnTaken"/> costs a worker one field read when
/// no spawner waits or is suspended.
/// </remarks>
internal sealed class SpawnBackpressure
{
    /// <summary>How long a spawner waits without seeing the workers finish anything before it gives up waiting (the default).</summary>
    public const int DefaultStallMilliseconds = 10;

    /// <summary>How long a spawner waits without seeing the queue reach a new low before it gives up waiting (the default).</summary>
    public const int DefaultShrinkWindowMilliseconds = 100;

    /// <summary>How long a spawner stops waiting after its first stall (the default); each stall in a row doubles it.</summary>
    public const int DefaultFirstSuspensionMilliseconds = 10;

    private const int MaxSuspensionDoublings = 8;   // 10 ms · 2^8 ≈ 2.5 s

    private readonly int _stallMilliseconds;
    private readonly long _shrinkWindowTicks;
    private readonly long _firstSuspensionTicks;
    private readonly ManualResetEventSlim _shrunk = new(initialState: false, spinCount: 1);
    private int _watching;      // spawners waiting, plus one while waiting is suspended
    private int _suspended;     // 1 after a stall, until the low-water mark or _resumeAt
    private long _resumeAt;     // Stopwatch timestamp at which a suspension ends
    private int _stallsInARow;  // suspensions since the queue last came down to the low-water mark
    private long _waits;        // times a spawner waited

    /// <summary>
    /// The high-water mark for a queue fed by spawners and drained by <paramref name="workers"/>, each
    /// taking up to <paramref name="batchSize"/> items at a time: 32 such takes, or one per worker if
    /// there are more. With the defaults (2 workers, 128) that is 4,096 items; a spawn batch from
    /// outside holds up to 64 tasks, so ~262K W1 tasks (~7 MB). The low-water mark, three quarters
    /// of it, leaves the workers ~2 ms of W1 work while the woken spawner waits for a core.
    /// </summary>
    public static int HighWaterFor(int workers, int batchSize) => (int)Math.Min(int.MaxValue / 2, (long)Math.Max(32, workers) * batchSize);

    public SpawnBackpressure(int highWater, int stallMilliseconds = DefaultStallMilliseconds,
        int shrinkWindowMilliseconds = DefaultShrinkWindowMilliseconds, int firstSuspensionMilliseconds = DefaultFirstSuspensionMilliseconds)
    {
        _stallMilliseconds = Math.Max(1, stallMilliseconds);
        _shrinkWindowTicks = Stopwatch.Frequency * Math.Max(1, shrinkWindowMilliseconds) / 1000;
        _firstSuspensionTicks = Stopwatch.Frequency * Math.Max(1, firstSuspensionMilliseconds) / 1000;
        HighWater = Math.Max(2, highWater);
        LowWater = HighWater - HighWater / 4;
    }

    /// <summary>Queue length (items) above which a flushing spawner waits.</summary>
    public int HighWater { get; }

    /// <summary>Queue length (items) down to which it waits: three quarters of <see cref="HighWater"/>.</summary>
    public int LowWater { get; }

    /// <summary>Times a spawner waited (for the scheduler's statistics).</summary>
    public long Waits => Volatile.Read(ref _waits);

    /// <summary>Called by the queue, under its lock, after every take; <paramref name="depth"/> is its length now.</summary>
    public void OnTaken(int depth)
    {
        if (Volatile.Read(ref _watching) != 0 && depth <= LowWater)
            Release();
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _suspended, 0) != 0)
        {
            Volatile.Write(ref _stallsInARow, 0);
            Interlocked.Decrement(ref _watching);
        }
        _shrunk.Set();
    }

    /// <summary>
    /// Spawner side, after a flush and outside the queue's lock: waits while the queue is long and the
    /// workers are getting through their work.
    /// </summary>
    public void WaitWhileBacklogged(IBackloggedScheduler scheduler)
    {
        int depth = scheduler.QueueDepth;
        if (depth <= HighWater)
            return;
        if (Volatile.Read(ref _suspended) != 0 && Stopwatch.GetTimestamp() < Volatile.Read(ref _resumeAt))
            return;
        Interlocked.Increment(ref _waits);
        Interlocked.Increment(ref _watching);
        try
        {
            long finished = scheduler.WorkerProgress;
            bool progressed = false;   // the workers finished something during this wait
            int collections = GC.CollectionCount(0);
            int lowest = depth, lowestBeforeWindow = depth;
            long windowStart = Stopwatch.GetTimestamp();
            while (true)
            {
                _shrunk.Reset();
                // Full fence: the reset and the registration above come before the look below, so a
                // take that brings the queue down after the look sees a watcher and sets the event.
                Interlocked.MemoryBarrier();
                depth = scheduler.QueueDepth;
                if (depth <= LowWater || scheduler.IsStopped)
                    return;
                lowest = Math.Min(lowest, depth);
                long now = Stopwatch.GetTimestamp();
                if (now - windowStart > _shrinkWindowTicks)
                {
                    if (lowest >= lowestBeforeWindow)
                    {
                        Suspend(progressed);   // busy workers, but the queue is not getting shorter
                        return;
                    }
                    (lowestBeforeWindow, windowStart) = (lowest, now);
                }
                if (_shrunk.Wait(_stallMilliseconds))
                    continue;
                long finishedNow = scheduler.WorkerProgress;
                int collectionsNow = GC.CollectionCount(0);
                // A garbage collection suspends the workers too: an interval it fell in proves nothing.
                if (finishedNow == finished && collectionsNow == collections)
                {
                    Suspend(progressed);   // the workers finished nothing for a whole interval
                    return;
                }
                progressed |= finishedNow != finished;
                (finished, collections) = (finishedNow, collectionsNow);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _watching);
        }
    }

    /// <summary>
    /// Stops waiting for the workers for a while. Stalls in a row double the pause, unless the workers
    /// made progress during this wait: then the stall was more likely a loaded machine taking their
    /// cores for a moment than workers blocked for good, and the pause starts over at its shortest.
    /// </summary>
    private void Suspend(bool progressed)
    {
        if (progressed)
            Volatile.Write(ref _stallsInARow, 0);
        int doublings = Math.Min(Interlocked.Increment(ref _stallsInARow) - 1, MaxSuspensionDoublings);
        long ticks = _firstSuspensionTicks << doublings;
        Volatile.Write(ref _resumeAt, Stopwatch.GetTimestamp() + ticks);
        if (Interlocked.Exchange(ref _suspended, 1) == 0)
            Interlocked.Increment(ref _watching);   // so that OnTaken looks for the low-water mark
    }
}

/// <summary>What <see cref="SpawnBackpressure"/> reads from the scheduler whose spawner waits.</summary>
internal interface IBackloggedScheduler
{
    /// <summary>Items in the shared queue the spawner feeds (read without its lock).</summary>
    int QueueDepth { get; }

    /// <summary>A count that grows whenever a worker finishes a queue item.</summary>
    long WorkerProgress { get; }

    /// <summary>True once the scheduler stopped: the spawner goes on at once.</summary>
    bool IsStopped { get; }

    /// <summary>A <see cref="WorkerProgress"/>: the queue items finished by <paramref name="workers"/> so far.</summary>
    static long ExecutedBy<TWorker>(TWorker[] workers) where TWorker : ICountsExecuted
    {
        long executed = 0;
        foreach (TWorker worker in workers)
            executed += worker.Executed;
        return executed;
    }
}

/// <summary>A worker that counts the queue items it finished (read by other threads).</summary>
internal interface ICountsExecuted
{
    long Executed { get; }
}
