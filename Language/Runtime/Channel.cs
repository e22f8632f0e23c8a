using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// A buffered FIFO channel for any number of senders and receivers. The element type is fixed by
/// the first send (the ring of cells is created then, as a <c>ChannelCell&lt;T&gt;[]</c>). Send and
/// receive take no lock; a thread that must wait spins briefly, then really sleeps inside
/// <c>engine.EnterBlocking()</c>, so the scheduler keeps its parallelism.
/// </summary>
/// <remarks>
/// <para>
/// <b>The ring</b> is a bounded multi-producer/multi-consumer queue with a sequence number per cell
/// (D. Vyukov's design): cell <c>i = p % capacity</c> is free for the send at position <c>p</c> when
/// its sequence is <c>2(p - i)</c>, and holds that send's value when its sequence is <c>2(p - i) + 1</c>
/// (<c>p - i</c> is where the lap starts; counted from there, a new ring of zeroes is all free for the
/// first lap and is never written before use, see FreeFor). A sender claims a position with one
/// compare-and-swap on <c>positions.Enqueue</c>, writes the value, then publishes the sequence
/// (release); a receiver does the same on <c>positions.Dequeue</c> and hands the cell to the send one
/// lap later (<c>2(p - i + capacity)</c>). Senders and receivers write different
/// cache lines except for the cells themselves, so with one sender and one receiver (a pipeline)
/// no line is contended per item. The send at a position linearizes at its compare-and-swap.
/// </para>
/// <para>
/// <b>Close</b> sets <see cref="ClosedBit"/> in <c>positions.Enqueue</c> with one atomic OR, so it
/// is ordered with every send's compare-and-swap: a send either claimed its position before the
/// close (its value is delivered; receivers wait for it even if it is still being written) or sees
/// the bit and panics. A receiver returns the zero value only when the channel is closed and its
/// position has reached the last claimed one.
/// </para>
/// <para>
/// <b>Sleeping</b> (Channel.Waiting.cs): every wake condition is "a cell changed", so
/// each send wakes one sleeping receiver and each receive one sleeping sender (the one that slept
/// longest) — no hysteresis, because Wyn programs may use channels in cycles (ping-pong) where a
/// deferred wake-up would be a deadlock. Close wakes every sleeper.
/// </para>
/// <para>
/// A waiting thread does not help with other queued work (no <c>TryHelp</c>), on purpose: a task run
/// on top of a blocked sender/receiver cannot return until it finishes, so if it needed the thread
/// underneath (say, a consumer helped by the only producer) both would wait forever. Compensation by
/// the scheduler has no such hazard.
/// </para>
/// </remarks>
internal sealed partial class Channel
{
    /// <summary>Set in <c>positions.Enqueue</c> by <see cref="Close"/>; positions never get near it.</summary>
    private const long ClosedBit = 1L << 62;

    private readonly int capacity;
    private readonly long id;

    /// <summary><c>capacity - 1</c> when the capacity is a power of two (a mask instead of a division per item), else -1.</summary>
    private readonly long indexMask;

    /// <summary>Null until the first send, then a <c>ChannelCell&lt;T&gt;[]</c> of the element type.</summary>
    private Array? ring;

    private ChannelPositions positions;

    public Channel(long id, int capacity)
    {
        this.id = id;
        this.capacity = capacity;
        indexMask = (capacity & (capacity - 1)) == 0 ? capacity - 1 : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Send<T>(WynContext ctx, T value, int line)
    {
        ctx.ThrowIfFailed();
        ChannelCell<T>[] cells = CellsForSend<T>(line);
        if (!TrySend(cells, value, line))
        {
            SendSlow(ctx, cells, value, line);
        }

        // A receiver may sleep on this channel (read after the cell was published, without a fence: see Channel.Waiting.cs).
        if (Volatile.Read(ref positions.SleepingReceivers) > 0)
        {
            WakeOneReceiver(ctx);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Recv<T>(WynContext ctx, int line)
    {
        ctx.ThrowIfFailed();
        if (ring is ChannelCell<T>[] cells && TryReceive(cells, out T value))
        {
            if (Volatile.Read(ref positions.SleepingSenders) > 0)
            {
                WakeOneSender(ctx);
            }

            return value;
        }

        return RecvSlow<T>(ctx, line);
    }

    /// <summary>Closes the channel and wakes every waiter. Closing again is a no-op.</summary>
    public void Close(WynContext ctx)
    {
        // The atomic OR is a full fence: ordered with every send's compare-and-swap, and (Dekker with
        // the sleepers' barrier) a sleeper either sees the bit or is counted when we look below.
        long previous = Interlocked.Or(ref positions.Enqueue, ClosedBit);
        if ((previous & ClosedBit) == 0)
        {
            ctx.MarkProgress();
            WakeEveryone(ctx);
        }
    }

    /// <summary>Claims the next position and stores <paramref name="value"/>; false when the ring is full. Panics when the channel is closed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TrySend<T>(ChannelCell<T>[] cells, T value, int line)
    {
        while (true)
        {
            long position = Volatile.Read(ref positions.Enqueue);
            if ((position & ClosedBit) != 0)
            {
                throw new WynPanicException($"send on a closed channel (channel {id})", line);
            }

            int index = CellIndex(position);
            ref ChannelCell<T> cell = ref cells[index];
            long lap = position - index;
            long sequence = Volatile.Read(ref cell.Sequence);
            if (sequence == FreeFor(lap))
            {
                if (Interlocked.CompareExchange(ref positions.Enqueue, position + 1, position) == position)
                {
                    cell.Value = value;
                    Volatile.Write(ref cell.Sequence, FullAt(lap));   // release: the value before the "full" sequence
                    return true;
                }
            }
            else if (sequence < FreeFor(lap))
            {
                // The cell still holds the value of the previous lap: the ring is full.
                return false;
            }

            // Another sender claimed this position (or closed): look again.
        }
    }

    /// <summary>Takes the value at the next position; false when that position holds nothing yet (empty, or a send still writing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReceive<T>(ChannelCell<T>[] cells, out T value)
    {
        while (true)
        {
            long position = Volatile.Read(ref positions.Dequeue);
            int index = CellIndex(position);
            ref ChannelCell<T> cell = ref cells[index];
            long lap = position - index;
            long sequence = Volatile.Read(ref cell.Sequence);   // acquire: the value is read after it
            if (sequence == FullAt(lap))
            {
                if (Interlocked.CompareExchange(ref positions.Dequeue, position + 1, position) == position)
                {
                    value = cell.Value;
                    if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                    {
                        cell.Value = default!;
                    }

                    Volatile.Write(ref cell.Sequence, FreeFor(lap + capacity));   // free for the send one lap later
                    return true;
                }
            }
            else if (sequence < FullAt(lap))
            {
                value = default!;
                return false;
            }

            // Another receiver took this position: look again.
        }
    }

    /// <summary>
    /// A cell's sequence when it is free for a send in the lap that starts at position
    /// <paramref name="lap"/> (the send's position minus the cell's index: 0, capacity, 2·capacity …).
    /// Counting from the lap rather than from the position makes every cell free for lap 0 at
    /// sequence 0, which is what a new array holds: the ring is not written when it is created, so a
    /// channel's memory grows with what it holds, not with its capacity (an untouched page of a large
    /// array is never made resident). Even numbers for "free", odd for "full", so that with a
    /// capacity of 1 "full at lap p" (2p + 1) and "free for lap p + 1" (2p + 2) differ — with plain
    /// p and p + 1, as in Vyukov's original, they would be the same number.
    /// </summary>
    private static long FreeFor(long lap) => 2 * lap;

    /// <summary>A cell's sequence when it holds the value sent in the lap that starts at <paramref name="lap"/>.</summary>
    private static long FullAt(long lap) => (2 * lap) + 1;

    private int CellIndex(long position) => (int)(indexMask >= 0 ? position & indexMask : position % capacity);

    private ChannelCell<T>[] CellsForSend<T>(int line)
    {
        Array? current = Volatile.Read(ref ring);
        if (current is ChannelCell<T>[] cells)
        {
            return cells;
        }

        if (current is null)
        {
            // First send: fix the element type. Two first sends of different types race here; the
            // loser sees the winner's ring and panics with the type mismatch, as if it came second.
            // Every cell free for lap 0: sequence 0, as allocated (FreeFor).
            var created = new ChannelCell<T>[capacity];

            current = Interlocked.CompareExchange(ref ring, created, null) ?? created;
            if (current is ChannelCell<T>[] winner)
            {
                return winner;
            }
        }

        throw TypeMismatch<T>(current, "send", line);
    }

    private WynPanicException TypeMismatch<T>(Array current, string operation, int line) =>
        new($"channel {id} carries {WynTypeNames.Of(current.GetType().GetElementType()!.GetGenericArguments()[0])} values, cannot {operation} {WynTypeNames.Of(typeof(T))}", line);
}
