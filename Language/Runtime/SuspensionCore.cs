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
    private int _completed;
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
        _completed = 0;
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
        return Volatile.Read(ref _completed) == 0 ? ValueTaskSourceStatus.Pending
            : _error is null ? ValueTaskSourceStatus.Succeeded
            : ValueTaskSourceStatus.Faulted;
    }

    public T GetResult(short token)
    {
        ValidateToken(token);
        if (Volatile.Read(ref _completed) == 0)
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

    private void SignalCompletion()
    {
        Volatile.Write(ref _completed, 1);
        Action<object?>? continuation = Volatile.Read(ref _continuation) ?? Interlocked.CompareExchange(ref _continuation, s_completed, null);
        // Registered first: run it here (inside the resumption work item).
        continuation?.Invoke(_continuationState);
    }

    private void ValidateToken(short token)
    {
        if (token != _version)
        {
            throw new InvalidOperationException("a suspended Wyn task's value task was used after its suspension ended");
        }
    }
}
