using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// Send and receive for tasks that suspend instead of blocking their thread (decision 0013): the
/// compiler calls these from the resumable version of a function that uses channels. The fast paths
/// are the blocking ones'; a task that must wait registers a <see cref="SuspendedSleeper"/> in the
/// side's queue as a sleeping thread does (Channel.Waiting.cs; register, one more try, then wait, but
/// without the process-wide barrier: see <see cref="Register"/>), so wakers cannot tell the two apart.
/// It does not spin or yield as long as a thread before it waits: its thread has other tasks to run.
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

    private async ValueTask SendSuspended<T>(WynContext ctx, ChannelCell<T>[] cells, T value, int line)
    {
        bool resumed = false;
        int round = 0;
        while (true)
        {
            ctx.ThrowIfFailed();
            if (TrySend(cells, value, line))
            {
                break;
            }

            if (round < RoundsBeforeSuspending)
            {
                BackOff(round++);
                continue;
            }

            var sleeper = new SuspendedSleeper(ctx);
            Registration registration = Register(ctx, sendersAsleep, sleeper, ref positions.SleepingSenders, () => TrySend(cells, value, line), ReceiveClaimedCell);
            if (registration == Registration.Succeeded)
            {
                break;
            }

            if (registration == Registration.Retry)
            {
                BackOff(round++);
                continue;
            }

            await sleeper.WaitAsync();
            Resumed(ctx, sendersAsleep);
            resumed = true;
        }

        if (Volatile.Read(ref positions.SleepingReceivers) > 0)
        {
            WakeOneReceiver(ctx);
        }

        // Woken for a freed cell and sent: if more cells are free, the next sleeping sender's turn.
        if (resumed && Volatile.Read(ref positions.SleepingSenders) > 0 && HasFreeCell(cells))
        {
            WakeOneSender(ctx);
        }
    }

    private async ValueTask<T> RecvSuspended<T>(WynContext ctx, int line)
    {
        bool resumed = false;
        int round = 0;
        T value;
        while (true)
        {
            ctx.ThrowIfFailed();
            if (TryReceiveOrDrained(line, out value))
            {
                break;
            }

            if (round < RoundsBeforeSuspending)
            {
                BackOff(round++);
                continue;
            }

            var sleeper = new SuspendedSleeper(ctx);
            T taken = default!;
            Registration registration = Register(ctx, receiversAsleep, sleeper, ref positions.SleepingReceivers, () => TryReceiveOrDrained(line, out taken), SendClaimedCell);
            if (registration == Registration.Succeeded)
            {
                value = taken;
                break;
            }

            if (registration == Registration.Retry)
            {
                BackOff(round++);
                continue;
            }

            await sleeper.WaitAsync();
            Resumed(ctx, receiversAsleep);
            resumed = true;
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

    private enum Registration
    {
        Succeeded,
        Retry,
        Wait,
    }

    /// <summary>
    /// Registers <paramref name="sleeper"/> on <paramref name="side"/> (under its gate) and tries once
    /// more. Succeeded: the last try did it (no longer registered). Retry: it did not, but the other
    /// side has claimed a position whose cell it has not published yet, so the change is a moment away
    /// (no longer registered; look again). Wait: the task must wait for its wake-up.
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
    private static Registration Register(WynContext ctx, ChannelSleepers side, SuspendedSleeper sleeper, ref int sleepers, Func<bool> lastTry, Func<bool> claimedByOtherSide)
    {
        lock (side)
        {
            Interlocked.Increment(ref sleepers);
            side.Add(sleeper.Node);
            Registration outcome;
            try
            {
                ctx.ThrowIfFailed();
                outcome = lastTry() ? Registration.Succeeded : claimedByOtherSide() ? Registration.Retry : Registration.Wait;
            }
            catch
            {
                side.TryLeave(sleeper.Node);
                sleepers--;
                throw;
            }

            if (outcome != Registration.Wait)
            {
                side.TryLeave(sleeper.Node);
                sleepers--;
            }

            return outcome;
        }
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
