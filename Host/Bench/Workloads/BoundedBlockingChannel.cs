using System.Numerics;
using System.Runtime.CompilerServices;
using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>
/// A bounded FIFO channel for exactly one sending thread and one receiving thread — a link of a
/// pipeline (W4). A sender that finds it full (a receiver that finds it empty) spins briefly, then
/// sleeps inside <c>engine.EnterBlocking()</c> so that the scheduler keeps its parallelism (a pipeline
/// of stages blocked on each other must not deadlock with one or two workers).
/// </summary>
/// <remarks>
/// <para>
/// <b>Fast path, no lock, no atomic instruction.</b> The ring is a single-producer/single-consumer
/// queue: the sender owns <c>tail</c>, the receiver owns <c>head</c>, each publishes its position
/// with a release write on its own cache line and keeps a cached copy of the other's, so it reads
/// the other side's line only when its cached view says full (empty). An item costs a slot write
/// and a position write per side; the lines move between cores once per batch, not per item.
/// </para>
/// <para>
/// <b>Sleeping with hysteresis.</b> A receiver asleep on an empty ring is woken once half the
/// capacity is queued (or at close); a sender asleep on a full ring once half is free. Waking for
/// every item would make both sides fall asleep and wake up per item (each time a futex call and
/// the scheduler's blocking compensation); with the half-capacity rule a sleep is paid once per
/// half buffer. This rule is for pipelines: it is deadlock-free when every stage only waits for its
/// input to fill or its output to drain and the first stage eventually closes (W4's shape). The Wyn
/// language's channels (Language/Runtime/Channel.cs) allow any topology and wake for every item.
/// </para>
/// <para>
/// <b>No lost wake-up</b> (the proof, for a receiver; a sender is symmetric):
/// the receiver going to sleep (1) sets <c>receiverSleeping</c>, (2) issues a full fence,
/// (3) reads <c>tail</c> and <c>closed</c> once more and sleeps only if the wake condition still
/// fails. The sender (a) publishes <c>tail</c>, (b) reads <c>receiverSleeping</c> — with no fence
/// between (a) and (b), so on x86 the read may pass the write and the sender may miss a receiver
/// that was just falling asleep. That is harmless as long as the sender keeps sending: the flag
/// becomes visible within a store-buffer drain and the next send wakes it. The sender stops sending
/// for good in only two ways, and each issues a full fence before reading the flag again: it falls
/// asleep itself on a full ring (steps 1–3 above, which also wake the other side), or it closes.
/// (It may also pause while it waits for its own input; in a pipeline that input refills or closes,
/// and it sends or closes again.) With fences on both sides (Dekker), either the receiver's step (3)
/// sees the items or the sender sees the flag.
/// Both sleep paths run under <c>gate</c>, so a waker's pulse cannot fall between a sleeper's check
/// and its wait. A waker clears the flag (so that later items do not pulse again); the sleeper
/// re-sets it, fences and re-checks its own condition on every turn of its loop, so a wake-up never
/// makes it return without its condition (a wake-up once did: a sender falling asleep woke a
/// receiver that had meanwhile drained the ring, and the receiver reported "closed").
/// The two sides are never asleep together: a receiver sleeps only with fewer than
/// <c>wakeThreshold</c> items queued, a sender only with fewer than <c>wakeThreshold</c> free,
/// and <c>2 × wakeThreshold ≤ capacity + 1</c>; whichever falls asleep second sees the first's flag
/// under <c>gate</c> and wakes it, since the first's condition then holds.
/// </para>
/// <para>
/// Waiting threads do not help with queued work on purpose: a stage run on top of a blocked stage
/// could never return to it (see Language/Runtime/Channel.cs for the same rule).
/// </para>
/// </remarks>
internal sealed class BoundedBlockingChannel<T>
{
    /// <summary>Short spin-then-yield rounds before sleeping: enough for a peer on the other core to catch up, short enough not to steal the core from a descheduled peer.</summary>
    private const int SpinRoundsBeforeSleeping = 12;

    private readonly WynEngine _engine;
    private readonly T[] _ring;
    private readonly int _capacity;
    private readonly int _mask;
    private readonly int _wakeThreshold;
    private readonly object _gate = new();

    // Each side's own position (published to the other side) and its cached view of the other's
    // position, on separate cache lines so the two threads never write the same line.
    private ChannelSidePosition _sender;
    private ChannelSidePosition _receiver;

    // Sleep flags are written only when going to sleep and when waking: they stay in both caches.
    private volatile bool _senderSleeping;
    private volatile bool _receiverSleeping;
    private volatile bool _closed;

    public BoundedBlockingChannel(WynEngine engine, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 30);
        _engine = engine;
        _capacity = capacity;
        // The ring is a power of two so that a slot is (position & mask); the logical bound stays capacity.
        _ring = new T[(int)BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _mask = _ring.Length - 1;
        _wakeThreshold = Math.Max(1, capacity / 2);
    }

    /// <summary>Adds <paramref name="value"/>, waiting while the channel is full. Call from the one sending thread.</summary>
    public void Send(T value)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        long tail = _sender.Position;
        if (tail - _sender.CachedOther >= _capacity)
        {
            _sender.CachedOther = Volatile.Read(ref _receiver.Published);
            if (tail - _sender.CachedOther >= _capacity)
                WaitUntilNotFull(tail);
        }
        _ring[(int)tail & _mask] = value;
        // Release: the slot write above is visible before the receiver can see the new tail.
        Volatile.Write(ref _sender.Published, tail + 1);
        _sender.Position = tail + 1;
        if (_receiverSleeping)
            WakeReceiverIfReady(tail + 1);
    }

    /// <summary>Takes the oldest value, waiting while the channel is empty; false once it is closed and empty. Call from the one receiving thread.</summary>
    public bool TryReceive(out T value)
    {
        long head = _receiver.Position;
        if (head == _receiver.CachedOther)
        {
            // Acquire: the slots up to the published tail were written before it.
            _receiver.CachedOther = Volatile.Read(ref _sender.Published);
            if (head == _receiver.CachedOther && !WaitUntilNotEmpty(head))
            {
                value = default!;
                return false;
            }
        }
        int slot = (int)head & _mask;
        value = _ring[slot];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            _ring[slot] = default!;
        // Release: the slot is read before the sender can see it free and overwrite it.
        Volatile.Write(ref _receiver.Published, head + 1);
        _receiver.Position = head + 1;
        if (_senderSleeping)
            WakeSenderIfReady(head + 1);
        return true;
    }

    /// <summary>No more sends; the receiver drains what is left, then <see cref="TryReceive"/> returns false. Call from the sending thread.</summary>
    public void Close()
    {
        _closed = true;
        // Full fence between the write of closed and the read of the flag (see the remarks' proof).
        Interlocked.MemoryBarrier();
        if (_receiverSleeping)
            WakeReceiver();
    }

    /// <summary>Returns once the slot at <paramref name="tail"/> is free; updates the sender's cached head.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitUntilNotFull(long tail)
    {
        var spinner = default(SpinWait);
        while (spinner.Count < SpinRoundsBeforeSleeping)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            _sender.CachedOther = Volatile.Read(ref _receiver.Published);
            if (tail - _sender.CachedOther < _capacity)
                return;
        }
        lock (_gate)
        {
            using (_engine.EnterBlocking())
            {
                while (true)
                {
                    _senderSleeping = true;
                    Interlocked.MemoryBarrier();   // Dekker: the flag is visible before the re-read of head below.
                    long head = Volatile.Read(ref _receiver.Published);
                    _sender.CachedOther = head;
                    // The receiver may sleep on this channel too (a missed wake-up of the fast path):
                    // wake it if its condition holds. Never unconditionally — it would return empty-handed.
                    if (_receiverSleeping && tail - head >= _wakeThreshold)
                        WakeReceiverLocked();
                    // Hysteresis: go on once half the buffer is free, not at the first free slot.
                    if (_capacity - (tail - head) >= _wakeThreshold)
                        break;
                    Monitor.Wait(_gate);
                }
            }
            _senderSleeping = false;
        }
    }

    /// <summary>Returns true once the slot at <paramref name="head"/> holds an item, false if the channel is closed and drained; updates the receiver's cached tail.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitUntilNotEmpty(long head)
    {
        var spinner = default(SpinWait);
        while (spinner.Count < SpinRoundsBeforeSleeping)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (HasItemOrClosed(head, out bool hasItem))
                return hasItem;
        }
        lock (_gate)
        {
            using (_engine.EnterBlocking())
            {
                while (true)
                {
                    _receiverSleeping = true;
                    Interlocked.MemoryBarrier();   // Dekker: the flag is visible before the re-read of tail below.
                    long tail = Volatile.Read(ref _sender.Published);
                    if (_senderSleeping && _capacity - (tail - head) >= _wakeThreshold)
                        WakeSenderLocked();
                    // Hysteresis: go on once half the buffer is queued (or at close), not at the first item.
                    if (tail - head >= _wakeThreshold || _closed)
                        break;
                    Monitor.Wait(_gate);
                }
            }
            _receiverSleeping = false;
        }
        bool ready = HasItemOrClosed(head, out bool received);
        System.Diagnostics.Debug.Assert(ready);
        return received;
    }

    /// <summary>True when waiting can end: an item is there (<paramref name="hasItem"/>) or the channel is closed and drained.</summary>
    private bool HasItemOrClosed(long head, out bool hasItem)
    {
        // Read closed before tail: a close is published after the last send, so "closed" plus a
        // tail read afterwards that equals head really means drained.
        bool closed = _closed;
        _receiver.CachedOther = Volatile.Read(ref _sender.Published);
        hasItem = _receiver.CachedOther != head;
        return hasItem || closed;
    }

    private void WakeReceiverIfReady(long tail)
    {
        // The receiver is asleep, so its published head is stable.
        if (tail - Volatile.Read(ref _receiver.Published) >= _wakeThreshold)
            WakeReceiver();
    }

    private void WakeSenderIfReady(long head)
    {
        // The sender is asleep, so its published tail is stable.
        if (_capacity - (Volatile.Read(ref _sender.Published) - head) >= _wakeThreshold)
            WakeSender();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeReceiver()
    {
        lock (_gate)
            WakeReceiverLocked();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeSender()
    {
        lock (_gate)
            WakeSenderLocked();
    }

    private void WakeReceiverLocked()
    {
        if (!_receiverSleeping)
            return;
        _receiverSleeping = false;
        Monitor.PulseAll(_gate);   // at most two waiters (one per side): the other re-checks and waits again
    }

    private void WakeSenderLocked()
    {
        if (!_senderSleeping)
            return;
        _senderSleeping = false;
        Monitor.PulseAll(_gate);
    }
}
