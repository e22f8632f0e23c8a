using Wyn.Engine;

namespace Wyn.Language.Tests;

/// <summary>
/// Runs one compiled program on a fresh engine with a bounded wait, capturing everything it printed.
/// The program runs on its own background thread so that a hang (an undetected deadlock, a lost
/// wake-up) fails this one case with a clear message instead of stalling the whole test run.
/// </summary>
public sealed class ConformanceRun
{
    private static readonly TimeSpan GraceAfterCancel = TimeSpan.FromSeconds(5);

    // After a panic or a deadlock, tasks of the finished program may still be blocked; stopping the
    // engine cancels what has not started and gives up after this long, so one case cannot stall the run.
    private static readonly TimeSpan EngineShutdownTimeout = TimeSpan.FromSeconds(5);

    private ConformanceRun(int? exitCode, string stdout, string stderr, Exception? escaped, bool hung)
    {
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
        Escaped = escaped;
        Hung = hung;
    }

    public int? ExitCode { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    /// <summary>An exception that escaped <see cref="WynProgram.Run"/> (the facade promises none).</summary>
    public Exception? Escaped { get; }

    public bool Hung { get; }

    public static ConformanceRun Execute(WynProgram program, string scheduler, int? workers, TimeSpan timeout)
    {
        var engine = WynEngine.Create(options =>
        {
            options.Scheduler = scheduler;
            options.ShutdownMode = ShutdownMode.Cancel;
            options.ShutdownTimeout = EngineShutdownTimeout;
            if (workers is { } count)
            {
                options.Workers = count;
            }
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // A Wyn print is one Write call from whichever task prints; synchronized writers make the
        // capture itself safe so that any interleaving seen in a result is the runtime's doing.
        var sharedStdout = TextWriter.Synchronized(stdout);
        var sharedStderr = TextWriter.Synchronized(stderr);
        using var cancellation = new CancellationTokenSource();
        int? exitCode = null;
        Exception? escaped = null;

        var runner = new Thread(() =>
        {
            try
            {
                exitCode = program.Run(engine, sharedStdout, sharedStderr, cancellation.Token);
            }
            catch (Exception exception)
            {
                escaped = exception;
            }
        })
        {
            IsBackground = true,
            Name = "wyn-conformance-" + scheduler,
        };
        runner.Start();

        if (!runner.Join(timeout))
        {
            cancellation.Cancel();
            runner.Join(GraceAfterCancel);
            // The engine is deliberately not disposed: its workers may be stuck in the hung program,
            // and a Dispose that waits for them would hang the test run too.
            return new ConformanceRun(null, Snapshot(sharedStdout, stdout), Snapshot(sharedStderr, stderr), escaped, hung: true);
        }

        // Bounded as well: the result is already known, and a stuck shutdown is not this case's verdict.
        Task.Run(engine.Dispose).Wait(EngineShutdownTimeout * 2);
        return new ConformanceRun(exitCode, stdout.ToString(), stderr.ToString(), escaped, hung: false);
    }

    private static string Snapshot(TextWriter synchronizedWriter, StringWriter target)
    {
        // Taking the synchronized writer's lock (via Flush) orders this read after any write in progress.
        synchronizedWriter.Flush();
        return target.ToString();
    }
}
