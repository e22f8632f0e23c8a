using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// The slow paths of <see cref="Channel"/>: spinning, sleeping, waking, and the bookkeeping the
/// deadlock detector needs.
/// </summary>
/// <remarks>
/// <para>
/// <b>No lost wake-up.</b> A thread going to sleep, holding its side's gate (the
/// <see cref="ChannelSleepers"/> of the senders or of the receivers), (1) registers in
/// <c>SleepingSenders</c>/<c>SleepingReceivers</c> and in the side's queue, (2) issues
/// <c>Interlocked.MemoryBarrierProcessWide()</c>, (3) tries its operation once more, and only if
/// that fails (4) leaves the gate and waits on its own monitor. The other side's fast path (a) publishes its cell with a
/// release write, then (b) reads the sleeper count, with no fence between them — the read may pass
/// the write (x86 store→load reordering). The process-wide barrier in (2) forces a full fence on
/// every thread of the process at a point between (1) and (3): if that point comes after (a) on the
/// other thread, (3) sees the cell; if before, (b) comes after it and sees the registration of (1).
/// So either the sleeper sees the change or the changer sees the sleeper; the changer then takes
/// the gate, which it can only get once the sleeper has left it to wait (or is gone), marks the
/// longest sleeper of that side woken and pulses that sleeper's own monitor, so the wake-up cannot
/// fall between (3) and (4), and it wakes one thread per change (session 16; it used to wake every
/// sleeper of both sides). The expensive barrier is paid per sleep, never per item
/// (the same asymmetric pattern as the batched scheduler's parking: docs/decisions/0002). Close is
/// an atomic OR — a full fence on its own — followed by the same read.
/// </para>
/// <para>
/// <b>Deadlock detection.</b> A waker takes the sleepers it wakes off the counts and adds them to
/// <c>ctx.PendingWakeups</c> (under the gate); each woken sleeper subtracts itself once it has left
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

    private readonly ChannelSleepers sendersAsleep = new();
    private readonly ChannelSleepers receiversAsleep = new();

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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SendSlow<T>(WynContext ctx, ChannelCell<T>[] cells, T value, int line)
    {
        var watch = default(DeadlockWatch);
        int round = 0;
        bool resumed = false;
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

            Monitor.Enter(sendersAsleep);
            try
            {
                positions.SleepingSenders++;
                LinkedListNode<ChannelSleepers.Sleeper> node = ChannelSleepers.NodeOfThisThread();
                sendersAsleep.Add(node);
                bool sent;
                try
                {
                    Interlocked.MemoryBarrierProcessWide();   // step (2): see the remarks
                    ctx.ThrowIfFailed();
                    sent = TrySend(cells, value, line);
                }
                catch
                {
                    sendersAsleep.TryLeave(node);
                    positions.SleepingSenders--;
                    throw;
                }

                if (sent)
                {
                    sendersAsleep.TryLeave(node);
                    positions.SleepingSenders--;
                    break;
                }

                resumed = SleepLocked(ctx, ref watch, sendersAsleep, node, ref positions.SleepingSenders, "send()");
            }
            finally
            {
                Monitor.Exit(sendersAsleep);
            }
        }

        // Woken for a freed cell and sent: if more cells are free, the next sleeping sender's turn
        // (only one woken sender is on its way at a time: see WakeOne).
        if (resumed && Volatile.Read(ref positions.SleepingSenders) > 0 && HasFreeCell(cells))
        {
            WakeOneSender(ctx);
        }
    }

    /// <summary>True when the next send would find its cell free (a look, not a claim).</summary>
    private bool HasFreeCell<T>(ChannelCell<T>[] cells)
    {
        long position = Volatile.Read(ref positions.Enqueue) & ~ClosedBit;
        int index = CellIndex(position);
        return Volatile.Read(ref cells[index].Sequence) == FreeFor(position - index);
    }

    /// <summary>True when the next receive would find a value (a look, not a claim).</summary>
    private bool HasValue<T>()
    {
        if (Volatile.Read(ref ring) is not ChannelCell<T>[] cells)
        {
            return false;
        }

        long position = Volatile.Read(ref positions.Dequeue);
        int index = CellIndex(position);
        return Volatile.Read(ref cells[index].Sequence) == FullAt(position - index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T RecvSlow<T>(WynContext ctx, int line)
    {
        var watch = default(DeadlockWatch);
        int round = 0;
        bool resumed = false;
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

            Monitor.Enter(receiversAsleep);
            try
            {
                positions.SleepingReceivers++;
                LinkedListNode<ChannelSleepers.Sleeper> node = ChannelSleepers.NodeOfThisThread();
                receiversAsleep.Add(node);
                bool done;
                try
                {
                    Interlocked.MemoryBarrierProcessWide();   // step (2): see the remarks
                    ctx.ThrowIfFailed();
                    done = TryReceiveOrDrained(line, out value);
                }
                catch
                {
                    receiversAsleep.TryLeave(node);
                    positions.SleepingReceivers--;
                    throw;
                }

                if (done)
                {
                    receiversAsleep.TryLeave(node);
                    positions.SleepingReceivers--;
                    break;
                }

                resumed = SleepLocked(ctx, ref watch, receiversAsleep, node, ref positions.SleepingReceivers, "recv()");
            }
            finally
            {
                Monitor.Exit(receiversAsleep);
            }
        }

        if (Volatile.Read(ref positions.SleepingSenders) > 0)
        {
            WakeOneSender(ctx);
        }

        // Woken for a value and took one: if more are there, the next sleeping receiver's turn.
        if (resumed && Volatile.Read(ref positions.SleepingReceivers) > 0 && HasValue<T>())
        {
            WakeOneReceiver(ctx);
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
    /// Called holding <paramref name="side"/>'s gate, registered in <paramref name="sleepers"/> and
    /// in the side's queue (<paramref name="node"/>), after the last check failed. Sleeps outside the
    /// gate; returns holding it again and no longer registered: true when a waker woke it (then it
    /// is the side's woken sleeper on its way, and no longer is).
    /// </summary>
    private bool SleepLocked(WynContext ctx, ref DeadlockWatch watch, ChannelSleepers side, LinkedListNode<ChannelSleepers.Sleeper> node, ref int sleepers, string operation)
    {
        bool isMain = ctx.IsMainThread;
        bool woken;
        Monitor.Exit(side);
        try
        {
            using (ctx.Engine.EnterBlocking())
            {
                woken = node.Value.Sleep(isMain ? DeadlockWatch.ObservationIntervalMilliseconds : WorkerWaitMilliseconds);
                if (!woken)
                {
                    // Timed out: leave the queue, unless a waker took us out (and counted us) meanwhile.
                    lock (side)
                    {
                        if (side.TryLeave(node))
                        {
                            sleepers--;
                        }
                        else
                        {
                            woken = true;
                        }
                    }
                }

                if (!woken && isMain)
                {
                    // Inside the blocking region: main, blocked, holds nothing runnable — even when
                    // this wait is inside a task main runs itself, which the engine otherwise
                    // counts as busy.
                    watch.Observe(ctx, $"{operation} on channel {id}");
                }
            }
        }
        finally
        {
            Monitor.Enter(side);
        }

        if (woken)
        {
            // Back on this side's gate: the next change may wake another sleeper.
            side.WakeInFlight = false;
            // A waker took us off the count and counted us as about to resume: we have resumed (and,
            // out of the blocking region, count as running again before the pending wake-up goes).
            ctx.AddPendingWakeups(-1);
        }

        return woken;
    }

    /// <summary>Wakes the receiver that has slept longest, if any: a send made one value available.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeOneReceiver(WynContext ctx) => WakeOne(ctx, receiversAsleep, ref positions.SleepingReceivers);

    /// <summary>Wakes the sender that has slept longest, if any: a receive freed one cell.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeOneSender(WynContext ctx) => WakeOne(ctx, sendersAsleep, ref positions.SleepingSenders);

    /// <remarks>
    /// At most one woken sleeper per side is on its way at a time: while one is (it has not yet
    /// taken the gate back), a change wakes nobody, and the woken one, once it has used its change,
    /// wakes the next if there is more to use (SendSlow, RecvSlow). Waking one per change without
    /// that limit let a receiver draining a full channel wake a thousand senders in a row, each of
    /// which then ran on to its next task: a thousand threads spinning on two cores (W1 through one
    /// channel at 10M tasks did not finish in 200 s; see docs/decisions/0003-channels.md).
    /// </remarks>
    private static void WakeOne(WynContext ctx, ChannelSleepers side, ref int sleepers)
    {
        ChannelSleepers.Sleeper? sleeper;
        lock (side)
        {
            if (side.WakeInFlight)
            {
                return;   // the one on its way passes the turn on
            }

            sleeper = side.TakeFirst();
            if (sleeper is null)
            {
                return;   // another waker was first
            }

            Volatile.Write(ref sleepers, sleepers - 1);
            side.WakeInFlight = true;
            ctx.MarkProgress();
            ctx.AddPendingWakeups(1);
        }

        sleeper.Wake();
    }

    /// <summary>Wakes every sleeper of both sides: on close, or when the program failed (they then rethrow its failure).</summary>
    internal void WakeEveryone(WynContext ctx)
    {
        WakeSide(ctx, sendersAsleep, ref positions.SleepingSenders);
        WakeSide(ctx, receiversAsleep, ref positions.SleepingReceivers);
    }

    private static void WakeSide(WynContext ctx, ChannelSleepers side, ref int sleepers)
    {
        List<ChannelSleepers.Sleeper>? woken = null;
        lock (side)
        {
            while (side.TakeFirst() is { } sleeper)
            {
                (woken ??= []).Add(sleeper);
            }

            if (woken is null)
            {
                return;
            }

            Volatile.Write(ref sleepers, 0);
            ctx.MarkProgress();
            ctx.AddPendingWakeups(woken.Count);
        }

        foreach (ChannelSleepers.Sleeper sleeper in woken)
        {
            sleeper.Wake();
        }
    }
}
