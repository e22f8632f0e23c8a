using System.Runtime.CompilerServices;
using System.ComponentModel;
using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// Per-run bookkeeping that generated code reaches through a static field of the generated type:
/// spawns go through here so the run knows how many tasks are outstanding (the program only ends when
/// every spawned task, fire-and-forget too, has finished), and so a failing task ends the program.
/// Public only because the generated assembly calls it; not part of the language API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WynRunState
{
    public WynRunState(WynContext context)
    {
        Context = context;
        Engine = context.Engine;
    }

    public WynContext Context { get; }

    public WynEngine Engine { get; }

    /// <summary>True once some task failed: tasks that have not started yet are skipped.</summary>
    public bool HasFailed => Context.Failure is not null;

    public WynFuture<TResult> Spawn<TState, TResult>(Func<TState, TResult> thunk, TState state)
    {
        // Counted before the engine sees the task, so the count cannot drop to zero while it is queued.
        // Striped per thread (TaskTracker): one shared counter, incremented by the spawning thread and
        // decremented by every worker, bounced its cache line between cores on every task.
        Context.Tasks.Spawned();
        return new WynFuture<TResult>(Engine.Spawn(thunk, state));
    }

    /// <summary>
    /// <c>futs.push(spawn f(x))</c>: the task writes its value into the array's new element when the
    /// array can take it (WynFutureArray.InPlace.cs), without an engine future; otherwise an ordinary push.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per spawn: JIT-compiled, not ReadyToRun code (decision 0011)
    public void PushSpawn<TState, TResult>(WynFutureArray<TResult> array, Func<TState, TResult> thunk, TState state)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!array.TryReserveInPlace(Engine, out int position))
        {
            array.Push(Spawn(thunk, state));
            return;
        }

        SpawnInPlace(array, thunk, state, position);
    }

    // Apart from PushSpawn, so that pushes to small arrays never load the types below (ReadyToRun code
    // loads every type a method uses before the method first runs: about half a millisecond here).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void SpawnInPlace<TState, TResult>(WynFutureArray<TResult> array, Func<TState, TResult> thunk, TState state, int position)
    {
        InPlaceSpawner<TState, TResult> spawner = InPlaceSpawner<TState, TResult>.For(this, array, thunk, position);
        // Counted twice: the thunk marks its own finish, and the task marks another once the value is
        // in the array, so the run cannot look finished (nor deadlocked) in between.
        Context.Tasks.Spawned(2);
        Engine.Run(spawner.Body, new InPlaceTask<TState>(position - spawner.FirstPosition, state));
    }

    public void Run<TState>(Action<TState> thunk, TState state)
    {
        Context.Tasks.Spawned();
        Engine.Run(thunk, state);
    }

    public void Run(Action thunk)
    {
        Context.Tasks.Spawned();
        Engine.Run(thunk);
    }

    /// <summary>Called in the finally block of every spawned task.</summary>
    /// <summary>
    /// <c>spawn f(...)</c> with a future, for a function with a resumable version (decision 0013):
    /// the task runs as a fire-and-forget work item that starts <paramref name="start"/>, and the
    /// future is a promise it completes when the function returns, at once or after suspending. An
    /// awaiter cannot run such a task in its own frames (it was never queued under the future), so a
    /// task awaiting it waits as for a task another worker took.
    /// </summary>
    public WynFuture<TResult> SpawnResumable<TState, TResult>(Func<TState, ValueTask<TResult>> start, TState state)
    {
        Context.Tasks.Spawned();
        Promise<TResult> promise = Engine.CreatePromise<TResult>();
        Engine.Run(ResumableRunner<TState, TResult>.Run, new ResumableStart<TState, TResult>(this, start, state, promise));
        return new WynFuture<TResult>(promise.Future);
    }

    /// <summary>
    /// The start of a function without a value, as one whose value is <see cref="Unit"/> (for
    /// <see cref="SpawnResumable{TState, TResult}"/>): made once per function, in the program's type
    /// initializer, next to the start delegate it wraps.
    /// </summary>
    public static Func<TState, ValueTask<Unit>> StartWithoutValue<TState>(Func<TState, ValueTask> start) =>
        state => WithUnit(start(state));

    private static ValueTask<Unit> WithUnit(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return default;
        }

        return Awaited(task);

        static async ValueTask<Unit> Awaited(ValueTask task)
        {
            await task.ConfigureAwait(false);
            return default;
        }
    }

    private readonly record struct ResumableStart<TState, TResult>(
        WynRunState Run, Func<TState, ValueTask<TResult>> Start, TState State, Promise<TResult> Promise);

    private static class ResumableRunner<TState, TResult>
    {
        public static readonly Action<ResumableStart<TState, TResult>> Run = static s =>
        {
            if (s.Run.HasFailed)
            {
                // After a failure the program is ending: a task that has not started does nothing.
                s.Promise.SetResult(default!);
                s.Run.TaskFinished();
                return;
            }

            ValueTask<TResult> task;
            try
            {
                task = s.Start(s.State);
            }
            catch (Exception error)
            {
                s.Run.ResumableFailed(s.Promise, error);
                return;
            }

            ValueTaskAwaiter<TResult> awaiter = task.GetAwaiter();
            if (awaiter.IsCompleted)
            {
                s.Run.ResumableCompleted(s.Promise, awaiter);
                return;
            }

            awaiter.UnsafeOnCompleted(() => s.Run.ResumableCompleted(s.Promise, awaiter));
        };
    }

    private void ResumableCompleted<TResult>(Promise<TResult> promise, ValueTaskAwaiter<TResult> awaiter)
    {
        TResult value;
        try
        {
            value = awaiter.GetResult();
        }
        catch (Exception error)
        {
            ResumableFailed(promise, error);
            return;
        }

        promise.SetResult(value);
        TaskFinished();
    }

    private void ResumableFailed<TResult>(Promise<TResult> promise, Exception error)
    {
        TaskFailed(error);
        // The awaiter sees the program's failure: a fresh copy of a Wyn panic or deadlock, else this one.
        promise.SetException(WynFailures.Copy(Context.Failure ?? error));
        TaskFinished();
    }

    /// <summary>
    /// For the thunk of a fire-and-forget task that may suspend (decision 0013), with what its
    /// resumable function returned: true when the task has finished already (the thunk marks it
    /// finished; a failure is thrown to the thunk); false when it suspended, and then it is marked
    /// finished, or failed, when it completes.
    /// </summary>
    public bool FinishedOrTracked(ValueTask task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return true;
        }

        ValueTaskAwaiter awaiter = task.GetAwaiter();
        awaiter.UnsafeOnCompleted(() => SuspendedTaskCompleted(awaiter.GetResult));
        return false;
    }

    /// <inheritdoc cref="FinishedOrTracked(ValueTask)"/>
    public bool FinishedOrTracked<TResult>(ValueTask<TResult> task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return true;
        }

        ValueTaskAwaiter<TResult> awaiter = task.GetAwaiter();
        awaiter.UnsafeOnCompleted(() => SuspendedTaskCompleted(() => awaiter.GetResult()));
        return false;
    }

    /// <summary>A suspended fire-and-forget task completed: <paramref name="result"/> rethrows its failure, if any.</summary>
    private void SuspendedTaskCompleted(Action result)
    {
        try
        {
            result();
        }
        catch (Exception error)
        {
            TaskFailed(error);
        }
        finally
        {
            TaskFinished();
        }
    }

    public void TaskFinished() => Context.Tasks.Finished();

    /// <summary>Called when a spawned task throws: the first failure ends the program.</summary>
    public void TaskFailed(Exception error) => Context.Fail(error);

    /// <summary>
    /// Called next when the task has a future: throws the program's failure (the first recorded,
    /// which ends the program; usually <paramref name="error"/> itself) to the awaiter as a fresh copy
    /// when it is a Wyn panic or deadlock (<see cref="WynFailures"/>), as <see cref="WynContext.ThrowIfFailed"/>
    /// does; returns for other failures, which the thunk rethrows.
    /// </summary>
    public void PassOnToAwaiter(Exception error) => WynFailures.ThrowCopy(Context.Failure ?? error);

    /// <summary>
    /// After main returned: waits until no spawned task is outstanding (WYN-CORE §2); false if the
    /// program failed or was cancelled first. Throws <see cref="WynDeadlockException"/> when the
    /// remaining tasks can never finish (all blocked, nothing able to run: WYN-CORE §7).
    /// </summary>
    public bool WaitForOutstandingTasks(CancellationToken cancellationToken) =>
        WynTasks.WaitUntilAllFinished(Context, cancellationToken);
}
