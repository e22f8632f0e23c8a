using System.Runtime.CompilerServices;
using Wyn.Engine.Scheduling;

namespace Wyn.Engine;

public sealed partial class WynEngine
{
    /// <summary>
    /// How many help frames may nest on one thread. Helping runs other work on the awaiter's stack;
    /// that work may await and help in turn. Past this depth (or past <see cref="HelpStackBudget"/>) the awaiter
    /// blocks instead, with compensation, so the stack cannot overflow.
    /// </summary>
    private const int MaxHelpDepth = 64;

    /// <summary>Spins (each a short SpinWait) before an awaiter with nothing to help with really blocks. Picked by measurement, not theory.</summary>
    private const int SpinsBeforeBlocking = 40;

    /// <summary>How long a blocked awaiter outside any task (a program's main) sleeps before it looks for work to help with again.</summary>
    private const int BlockedRecheckMilliseconds = 5;

    /// <summary>
    /// How long a blocked awaiter inside a task sleeps between checks of its future. It is woken when
    /// the future completes; the timeout only re-reads the state. Rechecking every 5 ms, as outside a
    /// task, made each of a deep spawn chain's hundreds of blocked threads end and begin its blocking
    /// 200 times a second, for work it may not run: on a loaded machine that churn starved the one
    /// thread running the chain (conformance program 202, docs/decisions/0007-helping-rule.md).
    /// </summary>
    private const int BlockedInsideTaskRecheckMilliseconds = 250;

    [ThreadStatic] private static int t_helpDepth;

    /// <summary>Waits for the future in <paramref name="slot"/> while running other queued work.</summary>
    internal void HelpUntilComplete<T>(int slot, int generation)
    {
        // A task run from a spawn batch hands its siblings on before it waits: one of them may be what
        // it waits for (decision 0008).
        SpawnBatch.ShedRunning();
        int spins = 0;
        int spinLimit = -1;
        while (!IsCompleteOrStale<T>(slot, generation))
        {
            if (TryHelpNested(slot, generation, typeof(T)))
            {
                spins = 0;
                continue;
            }
            if (spinLimit < 0)
                spinLimit = SpinLimitHere();
            if (spins < spinLimit)
            {
                Thread.SpinWait(16 << Math.Min(spins, 5));
                spins++;
                continue;
            }
            if (TryRunQueuedNested<T>(slot))
            {
                spins = 0;
                continue;
            }
            BlockUntilCompleteOrWork<T>(slot, generation);
            // Back from a block because work appeared: help if it is work this thread may run, else
            // block again at once. Spinning again would burn a core every few milliseconds for an
            // awaiter that may help only with its own spawns (decision 0007) while others' work waits.
        }
    }

    /// <summary>
    /// Spins before blocking for an awaiter here. A thread outside the workers that is inside a task
    /// it took (a program's main running its root task) may not help with other work (decision 0007):
    /// spinning, it only holds a core that the workers running what it waits for need — on two cores,
    /// main plus two workers is already one thread too many. It spins a little, then blocks.
    /// </summary>
    private int SpinLimitHere() =>
        SpawnBatch.MayBatchOnThisThread && _scheduler.CallerRunsTask ? SpinsBeforeBlockingOutsideInTask : SpinsBeforeBlocking;

    /// <summary>Spins before blocking for a thread outside the workers inside a task it took (<see cref="SpinLimitHere"/>).</summary>
    private const int SpinsBeforeBlockingOutsideInTask = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsComplete<T>(int slot) =>
        SlotState.Phase(Volatile.Read(ref FutureTable<T>.At(slot).State)) != SlotState.Incomplete;

    /// <summary>
    /// True once the slot completed, or once another holder of the same handle consumed it (the
    /// generation moved on; the slot may even read "incomplete" again in its next life). The caller
    /// then goes on to Consume, which reports the stale handle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsCompleteOrStale<T>(int slot, int generation)
    {
        ref FutureSlot<T> s = ref FutureTable<T>.At(slot);
        return Volatile.Read(ref s.Generation) != generation
            || SlotState.Phase(Volatile.Read(ref s.State)) != SlotState.Incomplete;
    }

    private bool TryHelpNested(int slot, int generation, Type resultType)
    {
        if (t_helpDepth >= MaxHelpDepth || !HelpStackBudget.HasRoomToHelp())
            return false;
        t_helpDepth++;
        try
        {
            return _scheduler.TryHelpAwaiting(slot, generation, resultType);
        }
        finally
        {
            t_helpDepth--;
        }
    }

    /// <summary>Inside a task: runs the awaited task itself when it waits, not started, in a shared queue (IScheduler.TryRunQueued).</summary>
    private bool TryRunQueuedNested<T>(int slot)
    {
        // Bounded by the stack budget alone, not MaxHelpDepth: it runs only what this thread waits for,
        // so a chain of links may nest as deep as the budget allows.
        if (!_scheduler.CallerRunsTask || !HelpStackBudget.HasRoomToHelp())
            return false;
        t_helpDepth++;
        try
        {
            return _scheduler.TryRunQueued(slot, typeof(T));
        }
        finally
        {
            t_helpDepth--;
        }
    }

    private void BlockUntilCompleteOrWork<T>(int slot, int generation)
    {
        SpawnBatch.ReleaseOpen();
        // Inside a task nothing this thread may help with can appear while it blocks: wait for the future.
        bool mayFindWork = !_scheduler.CallerRunsTask;
        _scheduler.BeginBlocking();
        try
        {
            while (!IsCompleteOrStale<T>(slot, generation))
            {
                FutureTable<T>.WaitOnMonitor(slot, mayFindWork ? BlockedRecheckMilliseconds : BlockedInsideTaskRecheckMilliseconds);
                if (mayFindWork && !IsCompleteOrStale<T>(slot, generation) && !_scheduler.IsIdle && t_helpDepth < MaxHelpDepth && HelpStackBudget.HasRoomToHelp())
                    return; // work appeared: go back to helping
                // Inside a task: the awaited task itself may have been queued since (split off a batch
                // another thread runs): go back and run it (TryRunQueuedNested).
                if (!mayFindWork && !IsCompleteOrStale<T>(slot, generation) && _scheduler.HasQueued(slot, typeof(T)))
                    return;
            }
        }
        finally
        {
            _scheduler.EndBlocking();
        }
    }
}
