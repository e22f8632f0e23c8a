using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>
/// A small bounded FIFO channel for one sender and one receiver, for the W4 pipeline. A sender that
/// finds it full (a receiver that finds it empty) spins briefly, then really blocks, inside
/// <c>engine.EnterBlocking()</c> so that the scheduler keeps its parallelism (a pipeline of stages
/// blocked on each other must not deadlock with one or two workers).
/// </summary>
/// <remarks>
/// One lock guards the ring; waiters are counted so that a send or receive only pulses the monitor
/// when somebody actually sleeps on it (the common case, with both sides busy, costs one uncontended
/// lock per item). Waiting threads do not help with queued work on purpose: a stage run on top of a
/// blocked stage could never return to it (see Language/Runtime/Channel.cs for the same rule).
/// </remarks>
internal sealed class BoundedBlockingChannel<T>
{
    private const int SpinsBeforeBlocking = 20;

    private readonly object _gate = new();
    private readonly WynEngine _engine;
    private readonly T[] _ring;
    private int _head;
    private int _count;
    private int _sleepers;
    private bool _closed;

    public BoundedBlockingChannel(WynEngine engine, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _engine = engine;
        _ring = new T[capacity];
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
                WaitForChange(ref spins);
            }
            ObjectDisposedException.ThrowIf(_closed, this);
            _ring[(_head + _count) % _ring.Length] = value;
            _count++;
            WakeSleepers();
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
                WaitForChange(ref spins);
            }
            value = _ring[_head];
            _head = (_head + 1) % _ring.Length;
            _count--;
            WakeSleepers();
            return true;
        }
    }

    /// <summary>No more sends; the receiver drains what is left, then <see cref="TryReceive"/> returns false.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            WakeSleepers();
        }
    }

    private void WakeSleepers()
    {
        if (_sleepers > 0)
            Monitor.PulseAll(_gate);
    }

    /// <summary>Called with the lock held; returns with it held, after the other side may have changed the state.</summary>
    private void WaitForChange(ref int spins)
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
        _sleepers++;
        try
        {
            using (_engine.EnterBlocking())
                Monitor.Wait(_gate);
        }
        finally
        {
            _sleepers--;
        }
    }
}
