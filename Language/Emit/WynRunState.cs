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
    private long _outstanding;

    public WynRunState(WynContext context)
    {
        Context = context;
        Engine = context.Engine;
    }

    public WynContext Context { get; }

    public WynEngine Engine { get; }

    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>True once some task failed: tasks that have not started yet are skipped.</summary>
    public bool HasFailed => Context.Failure is not null;

    public WynFuture<TResult> Spawn<TState, TResult>(Func<TState, TResult> thunk, TState state)
    {
        // Counted before the engine sees the task, so the count cannot drop to zero while it is queued.
        Interlocked.Increment(ref _outstanding);
        return new WynFuture<TResult>(Engine.Spawn(thunk, state));
    }

    public WynFuture<TResult> Spawn<TResult>(Func<TResult> thunk)
    {
        Interlocked.Increment(ref _outstanding);
        return new WynFuture<TResult>(Engine.Spawn(thunk));
    }

    public void Run<TState>(Action<TState> thunk, TState state)
    {
        Interlocked.Increment(ref _outstanding);
        Engine.Run(thunk, state);
    }

    public void Run(Action thunk)
    {
        Interlocked.Increment(ref _outstanding);
        Engine.Run(thunk);
    }

    /// <summary>Called in the finally block of every spawned task.</summary>
    public void TaskFinished() => Interlocked.Decrement(ref _outstanding);

    /// <summary>Called when a spawned task throws: the first failure ends the program.</summary>
    public void TaskFailed(Exception error) => Context.Fail(error);

    /// <summary>Waits until no spawned task is outstanding, helping the engine meanwhile; false if the program failed first.</summary>
    public bool WaitForOutstandingTasks(CancellationToken cancellationToken)
    {
        var spinner = default(SpinWait);
        while (Interlocked.Read(ref _outstanding) > 0)
        {
            if (Context.Failure is not null || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            if (spinner.Count < 50)
            {
                spinner.SpinOnce();
            }
            else
            {
                Context.FailureToken.WaitHandle.WaitOne(1);
            }
        }

        return Context.Failure is null;
    }
}
