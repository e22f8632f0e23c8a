using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// The slow paths of <see cref="Channel"/>: spinning, sleeping, waking, and the bookkeeping the
/// deadlock detector needs.
/// </summary>
/// <remarks>
/// <para>
/// <b>No lost wake-up.</b> A thread going to sleep, holding <c>gate</c>, (1) registers in
/// <c>SleepingSenders</c>/<c>SleepingReceivers</c>, (2) issues
/// <c>Interlocked.MemoryBarrierProcessWide()</c>, (3) tries its operation once more, and only if
/// that fails (4) waits on <c>gate</c>. The other side's fast path (a) publishes its cell with a
/// release write, then (b) reads the sleeper count, with no fence between them — the read may pass
/// the write (x86 store→load reordering). The process-wide barrier in (2) forces a full fence on
/// every thread of the process at a point between (1) and (3): if that point comes after (a) on the
/// other thread, (3) sees the cell; if before, (b) comes after it and sees the registration of (1).
/// So either the sleeper sees the change or the changer sees the sleeper; the changer then takes
/// <c>gate</c>, which it can only get once the sleeper is in <c>Monitor.Wait</c> (or gone), so the
/// pulse cannot fall between (3) and (4). The expensive barrier is paid per sleep, never per item
/// (the same asymmetric pattern as the batched scheduler's parking: docs/decisions/0002). Close is
/// an atomic OR — a full fence on its own — followed by the same read.
/// </para>
/// <para>
/// <b>Deadlock detection.</b> A waker resets the sleeper counts and adds them to
/// <c>ctx.PendingWakeups</c> (under <c>gate</c>); each woken sleeper subtracts itself once it has left
/// its blocking region, so the detector never sees a half-woken program as idle. Progress is
/// recorded at every wake-up and close, not on every send and receive: a counter bumped by every
/// operation of every channel was one contended cache line for all of the program's threads. The
/// detector only needs it to tell a moving program from a stuck one between two observations, and
/// a program whose tasks all look blocked can only move again through a wake-up (recorded); a
/// thread on a fast path or spinning is running, so the engine is not idle meanwhile. Going to
/// sleep again after a timed-out wait is not progress (main re-sleeps every observation interval).
/// </para>
/// </remarks>
internal sealed partial class Channel
{
    /// <summary>Waiting rounds before sleeping (see <see cref="BackOff"/>): a partner usually answers within them, and a sleep plus wake-up costs far more.</summary>
    private const int RoundsBeforeSleeping = 16;

    /// <summary>The first rounds spin for a moment (a partner running on the other core answers in nanoseconds); the rest yield the core.</summary>
    private const int SpinningRounds = 2;

    /// <summary>A worker's sleep is bounded so that it re-checks for a failed program even if a wake-up went elsewhere.</summary>
    private const int WorkerWaitMilliseconds = 2000;

    private readonly object gate = new();

    /// <summary>Bumped (under <c>gate</c>) by every wake-up, so a sleeper can tell it was counted as woken.</summary>
    private long wakeGeneration;

    /// <summary>
    /// One waiting round: a moment of spinning first, then yielding the core. On 2 cores with three
    /// pipeline stages (more threads than cores) the partner a thread waits for is often the thread
    /// it keeps off the core, so long spins are the wrong bet: growing <c>Thread.SpinWait</c> rounds
    /// made the Wyn W4 pipeline 4–20× slower; this and <c>SpinWait.SpinOnce</c> measured the same
    /// (docs/decisions/0003-channels.md).
    /// </summary>
    private static void BackOff(int round)
    {
        if (round < SpinningRounds)
        {
            Thread.SpinWait(20);
        }
        else
        {
            Thread.Yield();
        }
    }

    /// <summary>Wakes every waiter without a state change (used when the program failed).</summary>
    public void WakeAll()
    {
        lock (gate)
        {
            Monitor.PulseAll(gate);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SendSlow<T>(WynContext ctx, ChannelCell<T>[] cells, T value, int line)
    {
        var watch = default(DeadlockWatch);
        int round = 0;
        while (true)
        {
            ctx.ThrowIfFailed();
            if (round < RoundsBeforeSleeping)
            {
                BackOff(round++);
                if (TrySend(cells, value, line))
                {
                    return;
                }

                continue;
            }

            Monitor.Enter(gate);
            try
            {
                positions.SleepingSenders++;
                bool sent;
                try
                {
                    Interlocked.MemoryBarrierProcessWide();   // step (2): see the remarks
                    ctx.ThrowIfFailed();
                    sent = TrySend(cells, value, line);
                }
                catch
                {
                    positions.SleepingSenders--;
                    throw;
                }

                if (sent)
                {
                    positions.SleepingSenders--;
                    return;
                }

                SleepLocked(ctx, ref watch, ref positions.SleepingSenders, "send()");
            }
            finally
            {
                Monitor.Exit(gate);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T RecvSlow<T>(WynContext ctx, int line)
    {
        var watch = default(DeadlockWatch);
        int round = 0;
        T value;
        while (true)
        {
            ctx.ThrowIfFailed();
            if (TryReceiveOrDrained(line, out value))
            {
                break;
            }

            if (round < RoundsBeforeSleeping)
            {
                BackOff(round++);
                continue;
            }

            Monitor.Enter(gate);
            try
            {
                positions.SleepingReceivers++;
                bool done;
                try
                {
                    Interlocked.MemoryBarrierProcessWide();   // step (2): see the remarks
                    ctx.ThrowIfFailed();
                    done = TryReceiveOrDrained(line, out value);
                }
                catch
                {
                    positions.SleepingReceivers--;
                    throw;
                }

                if (done)
                {
                    positions.SleepingReceivers--;
                    break;
                }

                SleepLocked(ctx, ref watch, ref positions.SleepingReceivers, "recv()");
            }
            finally
            {
                Monitor.Exit(gate);
            }
        }

        if (Volatile.Read(ref positions.SleepingSenders) > 0)
        {
            WakeSleepers(ctx);
        }

        return value;
    }

    /// <summary>
    /// True with the next value, or with the zero value once the channel is closed and drained; false
    /// while there is nothing to take yet. Panics when the channel carries another element type and
    /// holds a value (an empty channel of another type just waits, like any empty channel).
    /// </summary>
    private bool TryReceiveOrDrained<T>(int line, out T value)
    {
        Array? current = Volatile.Read(ref ring);
        if (current is ChannelCell<T>[] cells)
        {
            if (TryReceive(cells, out value))
            {
                return true;
            }
        }
        else if (current is not null && (Volatile.Read(ref positions.Enqueue) & ~ClosedBit) > Volatile.Read(ref positions.Dequeue))
        {
            throw TypeMismatch<T>(current, "receive", line);
        }

        // Read the closed bit and the last claimed position in one read, then our position: once
        // closed, no position is claimed any more, so reaching it means every value was taken. A
        // position claimed but not yet written is not "drained": we wait for its value.
        long enqueue = Volatile.Read(ref positions.Enqueue);
        if ((enqueue & ClosedBit) != 0 && Volatile.Read(ref positions.Dequeue) >= (enqueue & ~ClosedBit))
        {
            value = WynZero<T>.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Called holding <c>gate</c>, registered in <paramref name="sleepers"/>, after the last check
    /// failed. Returns holding <c>gate</c> and no longer registered.
    /// </summary>
    private void SleepLocked(WynContext ctx, ref DeadlockWatch watch, ref int sleepers, string operation)
    {
        bool isMain = ctx.IsMainThread;
        long generationAtStart = wakeGeneration;
        bool woken;
        using (ctx.Engine.EnterBlocking())
        {
            bool signalled = Monitor.Wait(gate, isMain ? DeadlockWatch.ObservationIntervalMilliseconds : WorkerWaitMilliseconds);
            woken = wakeGeneration != generationAtStart;
            if (!woken)
            {
                // Timed out (or woken by WakeAll): still registered.
                sleepers--;
                if (isMain && !signalled)
                {
                    // Inside the blocking region: main, blocked, holds nothing runnable — even when
                    // this wait is inside a task main runs itself, which the engine otherwise
                    // counts as busy.
                    watch.Observe(ctx, $"{operation} on channel {id}");
                }
            }
        }

        if (woken)
        {
            // A waker reset the count and counted us as about to resume: we have resumed (and, out
            // of the blocking region, count as running again before the pending wake-up goes).
            ctx.AddPendingWakeups(-1);
        }
    }

    /// <summary>Wakes every registered sleeper (both sides: one monitor serves both, and only one side can sleep for long at a time).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeSleepers(WynContext ctx)
    {
        lock (gate)
        {
            int sleepers = positions.SleepingSenders + positions.SleepingReceivers;
            if (sleepers == 0)
            {
                return;   // another waker was first
            }

            Volatile.Write(ref positions.SleepingSenders, 0);
            Volatile.Write(ref positions.SleepingReceivers, 0);
            wakeGeneration++;
            ctx.MarkProgress();
            ctx.AddPendingWakeups(sleepers);
            Monitor.PulseAll(gate);
        }
    }
}
