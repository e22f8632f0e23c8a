using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wyn.Engine;
using Wyn.Host.Running;
using Wyn.Language;

namespace Wyn.Host.Hosting;

/// <summary>
/// Runs the compiled program once the engine has started (it is registered after the engine's own
/// hosted service, so the host starts the engine first and stops it last), and stops the
/// application when the program returns.
/// </summary>
/// <remarks>
/// <see cref="WynProgram.Run"/> blocks until the program and its tasks are done, so it gets a thread
/// of its own rather than a thread-pool thread (the language then runs Wyn's main on yet another
/// thread, with a large stack). It is a background thread, so a program that ignores cancellation
/// cannot keep the process alive after a signal.
/// </remarks>
internal sealed class ProgramRunService(
    ProgramRun run,
    WynEngine engine,
    ProgramOutput output,
    TerminationSignal signal,
    IHostApplicationLifetime lifetime,
    ILogger<ProgramRunService> logger) : IHostedService, IDisposable
{
    /// <summary>How long a signalled program gets to return by itself before the engine cancels its queued work.</summary>
    internal static readonly TimeSpan GracePeriod = TimeSpan.FromMilliseconds(200);

    /// <summary>Bound on the engine's cancel-mode stop after a signal (workers stuck in a task are abandoned).</summary>
    internal static readonly TimeSpan CancelTimeout = TimeSpan.FromMilliseconds(300);

    private readonly CancellationTokenSource _cancel = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var thread = new Thread(RunProgram) { Name = "wyn-host-run", IsBackground = true };
        thread.Start();
        return Task.CompletedTask;
    }

    private void RunProgram()
    {
        var clock = Stopwatch.StartNew();
        int exitCode;
        try
        {
            // Stopped by a signal, or because stdout failed (its reader has gone): see HostApplication.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, output.StdoutBroken);
            exitCode = run.Program!.Run(engine, output.Out, output.Error, stop.Token);
        }
        catch (Exception error) when (signal.Received)
        {
            // Stopped from outside: whatever the cancellation made the program throw is not its fault.
            logger.LogDebug(error, "The program ended with an exception after a stop signal");
            exitCode = signal.ExitCode;
        }
        catch (Exception error)
        {
            // The facade promises never to throw for anything a Wyn program does: this is a bug.
            output.Flush();
            Console.Error.WriteLine($"wyn-host: internal error while running the program: {error.GetType().Name}: {error.Message}");
            logger.LogDebug(error, "Internal error");
            exitCode = ExitCodes.InternalError;
        }
        run.Complete(exitCode, clock.Elapsed);
        lifetime.StopApplication();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (run.HasFinished || !signal.Received)
        {
            await run.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // Stopped by a signal: the program's output ends here, it is asked to stop, and what it left
        // queued in the engine is cancelled, so that a program that never finishes is stopped too.
        output.Silence();
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await run.Finished.WaitAsync(GracePeriod, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogDebug("The program did not return within {Grace}; cancelling the engine's queued work", GracePeriod);
        }
        await engine.StopAsync(ShutdownMode.Cancel, CancelTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _cancel.Dispose();
}
