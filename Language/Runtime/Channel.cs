namespace Wyn.Language.Runtime;

/// <summary>
/// A buffered FIFO channel. The element type is fixed by the first send (the ring buffer is created
/// then, as a <c>T[]</c>). Blocking waits never hold up the engine: after a short spin the thread really
/// blocks inside <c>engine.EnterBlocking()</c>, so the scheduler keeps its parallelism.
/// </summary>
/// <remarks>
/// A waiting thread does not help with other queued work (no <c>TryHelp</c>), on purpose: a task run
/// on top of a blocked sender/receiver cannot return until it finishes, so if it needed the thread
/// underneath (say, a consumer helped by the only producer) both would wait forever. Compensation by the
/// scheduler has no such hazard.
/// </remarks>
internal sealed class Channel
{
    private const int SpinsBeforeBlocking = 12;
    private const int WorkerWaitMilliseconds = 200;

    private readonly object gate = new();
    private readonly int capacity;
    private readonly long id;
    private Array? ring;
    private int head;
    private int count;
    private bool closed;
    private int waiters;
    private long wakeGeneration;

    public Channel(long id, int capacity)
    {
        this.id = id;
        this.capacity = capacity;
    }

    public void Send<T>(WynContext ctx, T value, int line)
    {
        var watch = default(DeadlockWatch);
        var spinner = default(SpinWait);
        Monitor.Enter(gate);
        try
        {
            while (true)
            {
                ctx.ThrowIfFailed();
                if (closed)
                {
                    throw new WynPanicException($"send on a closed channel (channel {id})", line);
                }

                T[] buffer = RingForSend<T>(line);
                if (count < capacity)
                {
                    buffer[(head + count) % capacity] = value;
                    count++;
                    Changed(ctx);
                    return;
                }

                WaitForChange(ctx, ref watch, ref spinner, "send()");
            }
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    public T Recv<T>(WynContext ctx, int line)
    {
        var watch = default(DeadlockWatch);
        var spinner = default(SpinWait);
        Monitor.Enter(gate);
        try
        {
            while (true)
            {
                ctx.ThrowIfFailed();
                if (count > 0)
                {
                    T[] buffer = RingForRecv<T>(line);
                    T value = buffer[head];
                    buffer[head] = default!;
                    head = (head + 1) % capacity;
                    count--;
                    Changed(ctx);
                    return value;
                }

                if (closed)
                {
                    return WynZero<T>.Value;
                }

                WaitForChange(ctx, ref watch, ref spinner, "recv()");
            }
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    /// <summary>Closes the channel and wakes every waiter. Closing again is a no-op.</summary>
    public void Close(WynContext ctx)
    {
        lock (gate)
        {
            if (!closed)
            {
                closed = true;
                Changed(ctx);
            }
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

    private T[] RingForSend<T>(int line)
    {
        if (ring is null)
        {
            var created = new T[capacity];
            ring = created;
            return created;
        }

        return ring as T[] ?? throw TypeMismatch<T>("send", line);
    }

    private T[] RingForRecv<T>(int line) => ring as T[] ?? throw TypeMismatch<T>("receive", line);

    private WynPanicException TypeMismatch<T>(string operation, int line) =>
        new($"channel {id} carries {WynTypeNames.Of(ring!.GetType().GetElementType()!)} values, cannot {operation} {WynTypeNames.Of(typeof(T))}", line);

    /// <summary>Called with the lock held after every state change: records progress and wakes the waiters.</summary>
    private void Changed(WynContext ctx)
    {
        ctx.MarkProgress();
        if (waiters > 0)
        {
            // Every current waiter is now "about to resume"; each one subtracts itself when it has
            // left its blocking region, so the deadlock detector never sees a half-woken program as idle.
            wakeGeneration++;
            ctx.AddPendingWakeups(waiters);
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Called with the lock held when the operation cannot complete yet. Returns with the lock held.</summary>
    private void WaitForChange(WynContext ctx, ref DeadlockWatch watch, ref SpinWait spinner, string operation)
    {
        if (spinner.Count < SpinsBeforeBlocking)
        {
            // A partner on another core often completes within microseconds; a short spin outside the
            // lock avoids the cost of really blocking (and of the scheduler compensating for it).
            // SpinWait backs off exponentially and yields rather than spins on an oversubscribed machine.
            Monitor.Exit(gate);
            spinner.SpinOnce(sleep1Threshold: -1);
            Monitor.Enter(gate);
            return;
        }

        bool isMain = ctx.IsMainThread;
        long generationAtStart = wakeGeneration;
        bool signalled;
        waiters++;
        using (ctx.Engine.EnterBlocking())
        {
            signalled = Monitor.Wait(gate, isMain ? DeadlockWatch.ObservationIntervalMilliseconds : WorkerWaitMilliseconds);
        }

        waiters--;
        long wakeups = wakeGeneration - generationAtStart;
        if (wakeups > 0)
        {
            ctx.AddPendingWakeups(-wakeups);
        }
        else if (isMain && !signalled)
        {
            watch.Observe(ctx, $"{operation} on channel {id}");
        }
    }
}
