using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>
/// A small bounded FIFO channel for one sender and one receiver, for the W4 pipeline. A sender that
/// finds it full (a receiver that finds it empty) spins briefly, then really blocks, inside
/// <c>engine.EnterBlocking()</c> so that the scheduler keeps its parallelism (a pipeline of stages
/// blocked on each other must not deadlock with one or two workers).
/// </summary>
/// <remarks>
/// One lock guards the ring. Sleepers are woken with hysteresis: a receiver asleep on an empty
/// channel is woken once half the capacity is queued (or at close), a sender asleep on a full one
/// once half is free. Waking per item would make both sides fall asleep and wake up for every
/// item (each time through the scheduler's blocking compensation); with the half-capacity rule a
/// sleep is paid once per half a buffer. No wake-up can be lost: a sender only sleeps when the
/// channel is full (past the receivers' threshold), and a receiver left below it is woken by close.
/// Waiting threads do not help with queued work on purpose: a stage run on top of a blocked stage
/// could never return to it (see Language/Runtime/Channel.cs for the same rule).
/// </remarks>
internal sealed class BoundedBlockingChannel<T>
{
    private const int SpinsBeforeBlocking = 20;

    private readonly object _gate = new();
    private readonly WynEngine _engine;
    private readonly T[] _ring;
    private int _head;
    private int _count;
    private readonly int _wakeThreshold;
    private int _sleepingSenders;
    private int _sleepingReceivers;
    private bool _closed;

    public BoundedBlockingChannel(WynEngine engine, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _engine = engine;
        _ring = new T[capacity];
        _wakeThreshold = Math.Max(1, capacity / 2);
    }

    /// <summary>Adds <paramref name="value"/>, waiting while the channel is full.</summary>
    public void Send(T value)
    {
        int spins = 0;
        lock (_gate)
        {
            while (_count == _ring.Length)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                WaitForChange(ref spins, ref _sleepingSenders);
            }
            ObjectDisposedException.ThrowIf(_closed, this);
            _ring[(_head + _count) % _ring.Length] = value;
            _count++;
            if (_sleepingReceivers > 0 && _count >= _wakeThreshold)
                Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Takes the oldest value, waiting while the channel is empty; false once it is closed and empty.</summary>
    public bool TryReceive(out T value)
    {
        int spins = 0;
        lock (_gate)
        {
            while (_count == 0)
            {
                if (_closed)
                {
                    value = default!;
                    return false;
                }
                WaitForChange(ref spins, ref _sleepingReceivers);
            }
            value = _ring[_head];
            _head = (_head + 1) % _ring.Length;
            _count--;
            if (_sleepingSenders > 0 && _ring.Length - _count >= _wakeThreshold)
                Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>No more sends; the receiver drains what is left, then <see cref="TryReceive"/> returns false.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Called with the lock held; returns with it held, after the other side may have changed the state.</summary>
    private void WaitForChange(ref int spins, ref int sleepers)
    {
        if (spins++ < SpinsBeforeBlocking)
        {
            // The other side is usually busy with the previous item: give it the lock for a moment
            // instead of paying for a sleep and a wake-up.
            Monitor.Exit(_gate);
            Thread.SpinWait(20 << Math.Min(spins, 6));
            Monitor.Enter(_gate);
            return;
        }
        sleepers++;
        try
        {
            using (_engine.EnterBlocking())
                Monitor.Wait(_gate);
        }
        finally
        {
            sleepers--;
        }
    }
}
