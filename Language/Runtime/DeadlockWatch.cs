namespace Wyn.Language.Runtime;

/// <summary>
/// Decides, from the main thread's timed-out waits, that nothing can ever wake main: the engine is
/// idle (no queued work, no worker running a task — tasks blocked in channel waits count as idle) or
/// starved (queued work, but every thread blocked and no more allowed: MaxBlockingCompensation), no
/// task is sleeping, no signalled waiter is about to resume, and neither the channels nor the engine
/// made progress — observed again and again over a while, so a briefly descheduled thread on a busy
/// machine is not mistaken for a deadlock.
/// </summary>
internal struct DeadlockWatch
{
    /// <summary>How often main re-examines the program while it waits.</summary>
    public const int ObservationIntervalMilliseconds = 25;

    /// <summary>Consecutive identical "stuck" observations (and minimum elapsed time) before declaring a deadlock.</summary>
    private const int RequiredObservations = 6;
    /// <remarks>
    /// 1 s, not the 150 ms it was: a spawn chain 20,000 deep (conformance program 202) looked stuck
    /// for longer than 150 ms in about half the runs, a false deadlock, while it was handing the chain
    /// from blocked workers to new spares. The cause, found in session 8: every blocked awaiter
    /// woke every 5 ms to look for work it was not allowed to run, and hundreds of them starved the
    /// thread running the chain (decision 0007, session-8 section). A real deadlock is reported after
    /// a second.
    /// </remarks>
    private const long RequiredMilliseconds = 1000;

    private int stuckObservations;
    private long firstStuckTimestamp;
    private long lastProgress;

    /// <summary>Throws <see cref="WynDeadlockException"/> when the program has provably stopped moving.</summary>
    public void Observe(WynContext ctx, string blockedIn)
    {
        if (!LooksStuck(ctx, out long progress))
        {
            stuckObservations = 0;
            return;
        }

        if (stuckObservations == 0 || progress != lastProgress)
        {
            stuckObservations = 1;
            lastProgress = progress;
            firstStuckTimestamp = Environment.TickCount64;
            return;
        }

        stuckObservations++;
        if (stuckObservations >= RequiredObservations && Environment.TickCount64 - firstStuckTimestamp >= RequiredMilliseconds)
        {
            if (ctx.Engine.IsStarved)
            {
                throw new WynDeadlockException(
                    $"deadlock: main is blocked in {blockedIn}, every thread the engine may use is blocked too, and queued tasks cannot start " +
                    $"(at most {ctx.Engine.Options.MaxBlockingCompensation} extra threads: more tasks wait at once than that, or a spawn recursion never ends; " +
                    "if the program is right, raise Wyn:Engine:MaxBlockingCompensation, e.g. --Wyn:Engine:MaxBlockingCompensation=10000)");
            }

            throw new WynDeadlockException(ctx.MainRunsAwaitedTask > 0
                ? $"deadlock: main is blocked in await, on a task blocked in {blockedIn}, and no task can run"
                : $"deadlock: main is blocked in {blockedIn} and no task can run");
        }
    }

    private static bool LooksStuck(WynContext ctx, out long progress)
    {
        // Read the progress marker first: if anything moves while the other conditions are read,
        // the next observation sees a different marker and starts over.
        var statistics = ctx.Engine.GetStatistics();
        progress = ctx.ProgressEpoch + statistics.TasksCompleted + statistics.TasksSpawned;
        // Stuck: nothing runs or can run. Either nothing is queued (idle), or what is queued cannot
        // start because every thread is blocked and no more may be added (starved): a task blocked
        // in a channel can then be woken only by a queued task that never starts.
        return ctx.Sleepers == 0 && ctx.PendingWakeups == 0 && (ctx.Engine.IsIdle || ctx.Engine.IsStarved);
    }
}
