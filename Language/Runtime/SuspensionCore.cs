using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Wyn.Language.Runtime;

/// <summary>
/// The value-task-source state of a suspended task (<see cref="Channel"/>'s waiter,
/// <see cref="OneTimeSuspension"/>): <see cref="ManualResetValueTaskSourceCore{TResult}"/> without its
/// one trap for the engine. A completion that finds the task's continuation registered runs it at once
/// (it runs inside the resumption work item the engine queued). But a task is often resumed before its
/// code has finished suspending (the runtime registers the continuation last), and then that core
/// queues the continuation on the .NET thread pool: the task ran on outside the engine, which counted
/// it as neither running nor queued, and under a busy test host the pool started it more than a second
/// later, long enough for the deadlock watch to report a false deadlock (session 18's CI). Here such a
/// late continuation is queued on the engine instead.
/// </summary>
internal struct SuspensionCore<T>
{
    private static readonly Action<object?> s_completed = static _ => { };

    private Action<object?>? _continuation;
    private object? _continuationState;
    private T _result;
    private ExceptionDispatchInfo? _error;
    private short _version;

    public short Version => _version;

    /// <summary>Ready for the next suspension: a new version, so a value task of the previous one fails instead of reading this one's result.</summary>
    public void Reset()
    {
        _version++;
        _continuation = null;
        _continuationState = null;
        _result = default!;
        _error = null;
    }

    public void SetResult(T result)
    {
        _result = result;
        SignalCompletion();
    }

    public void SetException(Exception error)
    {
        _error = ExceptionDispatchInfo.Capture(error);
        SignalCompletion();
    }

    public ValueTaskSourceStatus GetStatus(short token)
    {
        ValidateToken(token);
        return !IsCompleted ? ValueTaskSourceStatus.Pending
            : _error is null ? ValueTaskSourceStatus.Succeeded
            : ValueTaskSourceStatus.Faulted;
    }

    public T GetResult(short token)
    {
        ValidateToken(token);
        if (!IsCompleted)
        {
            throw new InvalidOperationException("a suspended Wyn task's result was read before it resumed");
        }

        _error?.Throw();
        return _result;
    }

    /// <summary>
    /// Registers the task's continuation. If the suspension completed already, the continuation is
    /// queued on <paramref name="context"/>'s engine (dropped once the program ended and its engine is
    /// gone: nobody waits for the task then).
    /// </summary>
    public void OnCompleted(WynContext context, Action<object?> continuation, object? state, short token)
    {
        ValidateToken(token);
        _continuationState = state;
        if (Interlocked.CompareExchange(ref _continuation, continuation, null) is null)
        {
            return;
        }

        try
        {
            context.Engine.Run(static pending => pending.Continuation(pending.State), (Continuation: continuation, State: state));
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Completion is one atomic step, the swap of the completed marker into the continuation field:
    /// with a separate "completed" flag set first, a task that saw the flag took its result at once and
    /// reused its (pooled) waiter, and this completion then marked the waiter's next suspension as
    /// completed too ("read before it resumed", session 18). The result is written before the swap.
    /// </summary>
    private void SignalCompletion()
    {
        Action<object?>? continuation = Interlocked.Exchange(ref _continuation, s_completed);
        // Registered first: run it here (inside the resumption work item). Nothing is reused before
        // it runs, so its state is still this suspension's.
        continuation?.Invoke(_continuationState);
    }

    private bool IsCompleted => ReferenceEquals(Volatile.Read(ref _continuation), s_completed);

    private void ValidateToken(short token)
    {
        if (token != _version)
        {
            throw new InvalidOperationException("a suspended Wyn task's value task was used after its suspension ended");
        }
    }
}
