using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Wyn.Engine;

/// <summary>
/// The completion cell behind a <see cref="Future{T}"/>: a pooled object holding the outcome of one
/// piece of work, in the manner of <c>IValueTaskSource&lt;T&gt;</c>. The handle's token is the
/// pool generation; the cell goes back to its pool when the handle is consumed.
/// </summary>
public abstract class FutureCell<T> : WorkItem
{
    private int _state;
    private T _result = default!;
    private ExceptionDispatchInfo? _error;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private bool _continuationInline;

    /// <summary>The engine whose scheduler an awaiter helps while it waits; null for cells outside any engine.</summary>
    internal WynEngine? Engine;

    internal int State => Volatile.Read(ref _state);

    internal bool IsFinished => CellState.IsFinished(Volatile.Read(ref _state));

    /// <summary>Marks a freshly rented cell as queued work. Call after the payload is set, before queueing.</summary>
    protected void MarkPending() => Volatile.Write(ref _state, CellState.Pending);

    /// <summary>Marks a freshly rented cell as work that already started elsewhere (a promise).</summary>
    protected void MarkRunning() => Volatile.Write(ref _state, CellState.Running);

    /// <summary>Claims queued work for the caller: true exactly once per rent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryClaim()
    {
        int state = Volatile.Read(ref _state);
        if ((state & CellState.PhaseMask) != CellState.Pending)
            return false;
        return Interlocked.CompareExchange(ref _state, (state & ~CellState.PhaseMask) | CellState.Running, state) == state
            || TryClaimContended();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryClaimContended()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if ((state & CellState.PhaseMask) != CellState.Pending)
                return false;
            if (Interlocked.CompareExchange(ref _state, (state & ~CellState.PhaseMask) | CellState.Running, state) == state)
                return true;
        }
    }

    /// <summary>False for cells completed from outside (promises): an awaiter must not claim them.</summary>
    internal virtual bool HasWork => true;

    /// <summary>Runs claimed work; implementations end with <see cref="SetResult"/> or <see cref="SetException"/>.</summary>
    protected abstract void RunClaimed();

    /// <inheritdoc />
    public sealed override void Execute()
    {
        if (TryClaim())
            RunClaimed();
    }

    /// <summary>Runs the work on the calling thread if nobody claimed it yet. Used by a waiting awaiter.</summary>
    internal bool TryRunInline()
    {
        if (!HasWork || !TryClaim())
            return false;
        RunClaimed();
        return true;
    }

    /// <inheritdoc />
    public sealed override void Cancel()
    {
        if (!TryClaim())
            return;
        _error = ExceptionDispatchInfo.Capture(new OperationCanceledException("The engine stopped in cancel mode before this task started."));
        Finish(CellState.Cancelled);
    }

    /// <summary>Completes the cell with a value.</summary>
    protected internal void SetResult(T result)
    {
        _result = result;
        Finish(CellState.Succeeded);
    }

    /// <summary>Completes the cell with a failure, keeping the original stack for the awaiter.</summary>
    protected internal void SetException(Exception error)
    {
        _error = ExceptionDispatchInfo.Capture(error);
        Finish(CellState.Faulted);
    }

    private void Finish(int phase)
    {
        int state;
        while (true)
        {
            state = Volatile.Read(ref _state);
            Debug.Assert((state & CellState.PhaseMask) == CellState.Running, "only claimed work completes");
            // The flags are dropped: once finished nobody registers any more, and we act on them below.
            if (Interlocked.CompareExchange(ref _state, phase, state) == state)
                break;
        }
        if ((state & CellState.HasWaiter) != 0)
        {
            // The waiter set HasWaiter while holding the monitor and waits on it; taking the monitor
            // here means our pulse cannot fall between its check and its Wait.
            lock (this)
                Monitor.PulseAll(this);
        }
        if ((state & CellState.HasContinuation) != 0)
            InvokeContinuation();
        OnFinished(phase);
    }

    /// <summary>Hook for derived cells after completion (counters).</summary>
    protected virtual void OnFinished(int phase)
    {
    }

    private void InvokeContinuation()
    {
        Action<object?> continuation = _continuation!;
        object? state = _continuationState;
        if (_continuationInline)
            continuation(state);
        else
            // C# continuations leave the engine's workers: an async method awaiting a Wyn future must
            // not go on running (and perhaps blocking) on a worker thread.
            ThreadPool.UnsafeQueueUserWorkItem(continuation, state, preferLocal: false);
    }

    internal void OnCompleted(Action<object?> continuation, object? state, int generation, bool inline)
    {
        ValidateGeneration(generation);
        _continuation = continuation;
        _continuationState = state;
        _continuationInline = inline;
        while (true)
        {
            int current = Volatile.Read(ref _state);
            if (CellState.IsFinished(current))
            {
                InvokeContinuation();
                return;
            }
            if ((current & CellState.HasContinuation) != 0)
                throw new InvalidOperationException("This future is already being awaited; a Future may be awaited only once (use Preserve() to await it many times).");
            if (Interlocked.CompareExchange(ref _state, current | CellState.HasContinuation, current) == current)
                return;
        }
    }

    /// <summary>Blocks the calling thread on the cell's monitor until it finishes or <paramref name="timeoutMs"/> passes.</summary>
    internal void WaitOnMonitor(int timeoutMs)
    {
        lock (this)
        {
            while (true)
            {
                int current = Volatile.Read(ref _state);
                if (CellState.IsFinished(current))
                    return;
                if ((current & CellState.HasWaiter) != 0
                    || Interlocked.CompareExchange(ref _state, current | CellState.HasWaiter, current) == current)
                {
                    Monitor.Wait(this, timeoutMs);
                    return;
                }
            }
        }
    }

    /// <summary>Throws when (this, generation) is not the cell's live handle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ValidateGeneration(int generation)
    {
        if (Volatile.Read(ref GenerationField) != generation)
            ThrowStale();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowStale() => throw new InvalidOperationException(
        "This Future handle is stale: it was already awaited (a Future may be awaited once; use Preserve() to await it many times) or it does not belong to a live task.");

    /// <summary>Reads the outcome of a finished cell and, when <paramref name="consume"/>, gives the cell back to its pool.</summary>
    internal T GetResult(int generation, bool consume)
    {
        int state = Volatile.Read(ref _state);
        if (!CellState.IsFinished(state))
            throw new InvalidOperationException("The future has not completed yet.");
        ValidateGeneration(generation);
        T result = _result;
        ExceptionDispatchInfo? error = _error;
        if (consume)
            Consume(generation);   // throws if another holder of the same handle consumed it first
        if ((state & CellState.PhaseMask) != CellState.Succeeded)
            error!.Throw();
        return result;
    }

    /// <summary>Gives the cell back (pooled cells) or does nothing (cells that may be awaited many times).</summary>
    protected abstract void Consume(int generation);

    /// <inheritdoc />
    protected internal override void ResetForReuse()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            _result = default!;
        _error = null;
        _continuation = null;
        _continuationState = null;
        Volatile.Write(ref _state, CellState.Free);
    }
}
