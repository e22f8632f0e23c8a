using Wyn.Engine;
using Wyn.Language.Emit;
using Wyn.Language.Runtime;

namespace Wyn.Language;

/// <summary>
/// A compiled program. <see cref="Run"/> executes it on an engine the caller started:
/// <list type="number">
/// <item>a fresh <see cref="WynContext"/> and <see cref="WynRunState"/> go into the generated type's static fields;</item>
/// <item>Wyn main runs on its own thread (with a large stack), so Run can stop waiting the moment a task panics,
/// even while main is blocked in an await;</item>
/// <item>after main returns, Run waits until every spawned task (fire-and-forget too) has finished;</item>
/// <item>stdout is flushed; the exit code is main's value, or 1 after a panic or deadlock.</item>
/// </list>
/// Runs of one program are serialized (the generated code keeps its context in static fields).
/// </summary>
public sealed class WynProgram
{
    private const int MainStackBytes = 256 * 1024 * 1024;

    private readonly string _path;
    private readonly Emitter.EmittedProgram _emitted;
    private readonly Lock _runGate = new();

    internal WynProgram(string path, Emitter.EmittedProgram emitted)
    {
        _path = path;
        _emitted = emitted;
    }

    /// <summary>What the emitter produced (tests look at what it recorded for the warm-up).</summary>
    internal Emitter.EmittedProgram Emitted => _emitted;

    /// <summary>Runs main (or the script) on <paramref name="engine"/>; returns the exit code. Never throws for anything the program does.</summary>
    public int Run(WynEngine engine, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        lock (_runGate)
        {
            return RunExclusively(engine, stdout, stderr, cancellationToken);
        }
    }

    private int RunExclusively(WynEngine engine, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // Output after the first failure is dropped: tasks still running when a panic ends the program
        // (or main, woken from a wait) must not print past the panic message.
        var gatedStdout = new FailureGatedWriter(stdout);
        var context = new WynContext(engine, gatedStdout);
        gatedStdout.Context = context;
        var state = new WynRunState(context);
        _emitted.ContextField.SetValue(null, context);
        _emitted.StateField.SetValue(null, state);

        var exitCode = 0;
        Exception? mainFailure = null;
        using var mainDone = new ManualResetEventSlim(false);
        var mainThread = new Thread(
            () =>
            {
                context.BindMainThread();
                try
                {
                    // Only a program that spawns uses what the warm-up brings to life (and pays for it).
                    if (_emitted.Spawns)
                    {
                        RuntimeWarmUp.Run(engine, _emitted.PushSpawnShapes);
                    }

                    exitCode = _emitted.Entry();
                }
                catch (Exception error)
                {
                    mainFailure = error;
                    // Main's own failure (a panic, a deadlock found while main waits) ends the
                    // program like a task's: tasks blocked in channel waits wake, rethrow it and
                    // unwind, so the engine can stop instead of waiting on them for ever.
                    context.Fail(error);
                }
                finally
                {
                    mainDone.Set();
                }
            },
            MainStackBytes)
        {
            Name = "wyn-main",
            IsBackground = true,
        };
        mainThread.Start();

        // Wait for main to finish, or for the first failure of any task (a panic must end the program promptly).
        WaitHandle.WaitAny([mainDone.WaitHandle, context.FailureToken.WaitHandle, cancellationToken.WaitHandle]);
        if (mainDone.IsSet && mainFailure is null && context.Failure is null)
        {
            try
            {
                state.WaitForOutstandingTasks(cancellationToken);
            }
            catch (WynDeadlockException deadlock)
            {
                // Tasks that can never finish: the program ends with the deadlock, and Fail wakes
                // them so that they unwind and the engine can stop.
                context.Fail(deadlock);
            }
        }

        context.StopResumptions();
        var failure = context.Failure ?? mainFailure;
        Flush(context);
        if (failure is not null)
        {
            ReportFailure(failure, stderr);
            return 1;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("wyn: cancelled");
            stderr.Flush();
            return 130;
        }

        return exitCode;
    }

    private static void Flush(WynContext context)
    {
        try
        {
            WynConsole.Flush(context);
        }
        catch (IOException)
        {
            // stdout closed under us (a broken pipe): nothing more to say on it.
        }
    }

    private void ReportFailure(Exception failure, TextWriter stderr)
    {
        var root = failure is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : failure;
        var message = root switch
        {
            WynPanicException panic => $"panic at {_path}:{panic.Line}: {panic.Message}",
            WynDeadlockException deadlock => $"wyn: {deadlock.Message}",
            // A program that builds an enormous string or array is not a compiler bug: say what happened.
            OutOfMemoryException => "wyn: out of memory",
            _ => $"wyn: internal error: {root.GetType().Name}: {root.Message}",
        };
        stderr.WriteLine(message);
        stderr.Flush();
    }
}
