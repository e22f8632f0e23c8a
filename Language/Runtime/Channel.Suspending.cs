using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// Send and receive for tasks that suspend instead of blocking their thread (decision 0013): the
/// compiler calls these from the resumable version of a function that uses channels. The fast paths
/// are the blocking ones'; a task that must wait registers a <see cref="Waiter{T}"/> in the side's
/// queue as a sleeping thread does (Channel.Waiting.cs; register, one more try, then wait, but
/// without the process-wide barrier: see <see cref="TryOrRegister{T}"/>), so wakers cannot
/// tell the two apart. It does not spin or yield as long as a thread before it waits: its thread
/// has other tasks to run.
/// </summary>
internal sealed partial class Channel
{
    /// <summary>
    /// Waiting rounds before a task suspends: the spinning ones only (see <see cref="BackOff"/>), no
    /// yields. Suspending at once made a ping-pong between main and a task 4× slower (each side
    /// suspended or slept just before the other's answer came); yielding rounds on top held a worker
    /// whose own queue often held the partner (a 100-link daisy chain 1.1× slower, W4 1.3×;
    /// docs/decisions/0013).
    /// </summary>
    private const int RoundsBeforeSuspending = SpinningRounds;

    /// <summary>
    /// A channel of capacity 1 or 2 hands values over one at a time (a ping-pong, a chain of tasks):
    /// its partner's answer is a single item, which a task polls for in short steps (~40 ns each, up
    /// to ~1 µs in all) instead of two ~1 µs spins, so an answer 100 ns away is taken 100 ns later.
    /// A buffered channel keeps the long steps: there a waiting task should come back to a burst of
    /// items, not chase the other side item by item (a fan-in, W4: 1.2–1.6× slower with short steps;
    /// decision 0013, session 18).
    /// </summary>
    private const int ShortPollsBeforeSuspending = 24;

    private const int MaxCapacityForShortPolls = 2;

    private int WaitingRounds => capacity <= MaxCapacityForShortPolls ? ShortPollsBeforeSuspending : RoundsBeforeSuspending;

    private void WaitBeforeSuspending(int round)
    {
        if (capacity <= MaxCapacityForShortPolls)
        {
            Thread.SpinWait(1);
        }
        else
        {
            BackOff(round);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask SendSuspending<T>(WynContext ctx, T value, int line)
    {
        ctx.ThrowIfFailed();
        ChannelCell<T>[] cells = CellsForSend<T>(line);
        if (!TrySend(cells, value, line))
        {
            return SendSuspended(ctx, cells, value, line);
        }

        if (Volatile.Read(ref positions.SleepingReceivers) > 0)
        {
            WakeOneReceiver(ctx);
        }

        return default;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask<T> RecvSuspending<T>(WynContext ctx, int line)
    {
        ctx.ThrowIfFailed();
        if (ring is ChannelCell<T>[] cells && TryReceive(cells, out T value))
        {
            if (Volatile.Read(ref positions.SleepingSenders) > 0)
            {
                WakeOneSender(ctx);
            }

            return new ValueTask<T>(value);
        }

        return RecvSuspended<T>(ctx, line);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask SendSuspended<T>(WynContext ctx, ChannelCell<T>[] cells, T value, int line)
    {
        // The partner cannot answer while it waits in this worker's own queue: suspend at once then.
        int rounds = ctx.Engine.CallerHasQueuedWork ? 0 : WaitingRounds;
        for (int round = 0; round < rounds; round++)
        {
            WaitBeforeSuspending(round);
            ctx.ThrowIfFailed();
            if (TrySend(cells, value, line))
            {
                AfterSend(ctx, cells, resumed: false);
                return default;
            }
        }

        return Waiter<T>.ForSend(this, ctx, line, cells, value).Send();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<T> RecvSuspended<T>(WynContext ctx, int line)
    {
        // The partner cannot answer while it waits in this worker's own queue: suspend at once then
        // (one more try, as the fast path's was a moment ago).
        int rounds = ctx.Engine.CallerHasQueuedWork ? 0 : WaitingRounds;
        for (int round = 0; round < rounds; round++)
        {
            ctx.ThrowIfFailed();
            if (TryReceiveOrDrained(line, out T value))
            {
                AfterReceive<T>(ctx, resumed: false);
                return new ValueTask<T>(value);
            }

            WaitBeforeSuspending(round);
        }

        return Waiter<T>.ForReceive(this, ctx, line).Receive();
    }

    /// <summary>After a send: a sleeping receiver may take the value; a sender woken for a freed cell passes the turn on if more cells are free.</summary>
    private void AfterSend<T>(WynContext ctx, ChannelCell<T>[] cells, bool resumed)
    {
        if (Volatile.Read(ref positions.SleepingReceivers) > 0)
        {
            WakeOneReceiver(ctx);
        }

        if (resumed && Volatile.Read(ref positions.SleepingSenders) > 0 && HasFreeCell(cells))
        {
            WakeOneSender(ctx);
        }
    }

    /// <summary>After a receive: a sleeping sender may use the freed cell; a receiver woken for a value passes the turn on if more values are there.</summary>
    private void AfterReceive<T>(WynContext ctx, bool resumed)
    {
        if (Volatile.Read(ref positions.SleepingSenders) > 0)
        {
            WakeOneSender(ctx);
        }

        if (resumed && Volatile.Read(ref positions.SleepingReceivers) > 0 && HasValue<T>())
        {
            WakeOneReceiver(ctx);
        }
    }

    /// <summary>
    /// Does <paramref name="waiter"/>'s operation (its send, or a receive: then with the value, or the
    /// zero value of a closed, drained channel), or registers it as a sleeper of its side: true when
    /// done (not registered), false when it is registered and must wait for its wake-up.
    /// </summary>
    /// <remarks>
    /// No process-wide barrier, unlike a sleeping thread (Channel.Waiting.cs, step 2): on a VM it cost
    /// a few microseconds per suspension and serialized both cores (a 1,000-task daisy chain spent 70%
    /// of its time in it). Instead the registration is an interlocked increment (a full fence) and the
    /// look that follows reads the other side's claimed position, which the other side moves with a
    /// compare-and-swap (also a full fence) before it reads the sleeper count: of "register, then read
    /// the claims" and "claim, then read the count", at least one sees the other. A claim whose cell is
    /// not published yet is a change under way, so the task looks again instead of waiting.
    /// </remarks>
    private bool TryOrRegister<T>(Waiter<T> waiter, out T value)
    {
        WynContext ctx = waiter.Context;
        ChannelSleepers side = waiter.Sending ? sendersAsleep : receiversAsleep;
        ref int sleepers = ref waiter.Sending ? ref positions.SleepingSenders : ref positions.SleepingReceivers;
        for (int round = RoundsBeforeSuspending; ; round++)
        {
            lock (side)
            {
                ctx.ThrowIfFailed();
                if (TryOperation(waiter, out value))
                {
                    return true;
                }

                waiter.NextUse();
                Interlocked.Increment(ref sleepers);
                side.Add(waiter.Node);
                bool done;
                try
                {
                    done = TryOperation(waiter, out value);
                }
                catch
                {
                    side.TryLeave(waiter.Node);
                    sleepers--;
                    throw;
                }

                if (!done && !(waiter.Sending ? ReceiveClaimedCell() : SendClaimedCell()))
                {
                    return false;
                }

                side.TryLeave(waiter.Node);
                sleepers--;
                if (done)
                {
                    return true;
                }
            }

            // The other side claimed its position but has not published its change yet: a moment away.
            BackOff(round);
        }
    }

    /// <summary>One try of <paramref name="waiter"/>'s operation (a send gives back no value).</summary>
    private bool TryOperation<T>(Waiter<T> waiter, out T value)
    {
        if (waiter.Sending)
        {
            value = default!;
            return TrySend(waiter.Cells, waiter.ToSend, waiter.Line);
        }

        return TryReceiveOrDrained(waiter.Line, out value);
    }

    /// <summary>A send has claimed a position the receivers have not reached: a value is there or on its way.</summary>
    private bool SendClaimedCell() => (Volatile.Read(ref positions.Enqueue) & ~ClosedBit) > Volatile.Read(ref positions.Dequeue);

    /// <summary>A receive has claimed a position within a lap of the next send's: a cell is free or being freed.</summary>
    private bool ReceiveClaimedCell() => Volatile.Read(ref positions.Dequeue) + capacity > (Volatile.Read(ref positions.Enqueue) & ~ClosedBit);

    /// <summary>A woken task runs again: the side may wake another, and the wake-up it was counted as has arrived.</summary>
    private static void Resumed(WynContext ctx, ChannelSleepers side)
    {
        lock (side)
        {
            side.WakeInFlight = false;
        }

        ctx.AddPendingWakeups(-1);
    }
}
