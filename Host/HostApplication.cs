using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wyn.Engine;
using Wyn.Host.Bench;
using Wyn.Host.CommandLine;
using Wyn.Host.Configuration;
using Wyn.Host.Hosting;
using Wyn.Host.Running;
using Wyn.Host.Statistics;
using Wyn.Language;

namespace Wyn.Host;

/// <summary>
/// One wyn-host invocation from arguments to exit code. User mistakes become one line on stderr and
/// their documented exit code (see <see cref="ExitCodes"/>), never a stack trace.
/// </summary>
internal static class HostApplication
{
    /// <summary>Longest wait for the host to stop after SIGINT/SIGTERM; the process then exits regardless.</summary>
    private static readonly TimeSpan SignalStopBudget = TimeSpan.FromMilliseconds(700);

    /// <summary>
    /// Longest wait for the host (and so the engine) to stop once the program has returned. A program
    /// that ended normally left nothing in the engine, so its stop takes microseconds; one that ended
    /// with a panic or a deadlock may leave a worker blocked for good (e.g. tasks awaiting each other
    /// in a cycle: the engine's await cannot be interrupted), and the engine's own stop would then wait
    /// its whole shutdown timeout (30 s by default) before the host gave up with an internal error;
    /// one still computing in a task when another task panicked would hold the exit until it ends.
    /// Exiting without a clean stop loses nothing: the exit code and all output are settled by then.
    /// </summary>
    private static readonly TimeSpan AfterRunStopBudget = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(string[] args)
    {
        HostArguments arguments;
        try
        {
            arguments = HostArgumentParser.Parse(args);
        }
        catch (UsageException error)
        {
            return Fail(ExitCodes.Usage, $"{error.Message} (see 'wyn-host --help')");
        }

        switch (arguments.Command)
        {
            case HostCommand.Help:
                return WriteToStdout(HelpText.Build());
            case HostCommand.Version:
                return WriteToStdout(VersionText.Line + Environment.NewLine);
            case HostCommand.Bench:
                return BenchCommand.Run(arguments.FilePath!);
        }

        Task<CompiledFile> compiling = BackgroundCompilation.Start(arguments.FilePath!);
        var output = new ProgramOutput();
        try
        {
            var clock = Stopwatch.StartNew();
            IHost host = WynHostBuilder.Build(arguments, output);
            TimeSpan buildTime = clock.Elapsed;
            return await ExecuteAsync(host, arguments, output, compiling, buildTime).ConfigureAwait(false);
        }
        catch (ConfigurationProblemException error)
        {
            return Fail(ExitCodes.Configuration, error.Message, "invalid configuration: ");
        }
        catch (OptionsValidationException error)
        {
            return Fail(ExitCodes.Configuration, string.Join(Environment.NewLine, error.Failures), "invalid configuration: ");
        }
        catch (EngineOptionsException error)
        {
            return Fail(ExitCodes.Configuration, error.Message, "invalid configuration: ");
        }
        catch (SourceFileException error)
        {
            return Fail(ExitCodes.NoInput, error.Message);
        }
        finally
        {
            output.Flush();
        }
    }

    private static async Task<int> ExecuteAsync(IHost host, HostArguments arguments, ProgramOutput output, Task<CompiledFile> compiling, TimeSpan buildTime)
    {
        ILogger logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("wyn-host");
        logger.LogInformation("Host built in {Milliseconds:F1} ms", buildTime.TotalMilliseconds);
        if (arguments.Command == HostCommand.Run)
            LogOptions(logger, ResolveEngineOptions(host), arguments);

        (Compilation compilation, TimeSpan compileTime) = await compiling.ConfigureAwait(false);
        logger.LogInformation("Read and compiled {Path} in {Milliseconds:F1} ms (alongside the host build): {Count} diagnostics",
            arguments.FilePath, compileTime.TotalMilliseconds, compilation.Diagnostics.Count);

        foreach (Diagnostic diagnostic in compilation.Diagnostics)
            Console.Error.WriteLine(diagnostic.ToString());
        if (!compilation.Success || compilation.Program is null)
        {
            host.Dispose();
            return ExitCodes.CompileErrors;
        }
        if (arguments.Command == HostCommand.Check)
        {
            host.Dispose();
            return 0;
        }

        var run = host.Services.GetRequiredService<ProgramRun>();
        var signal = host.Services.GetRequiredService<TerminationSignal>();
        run.Program = compilation.Program;

        await host.StartAsync().ConfigureAwait(false);
        await WhenCancelled(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping).ConfigureAwait(false);

        // After a signal, always the signal's way out, even when the program has just finished (it
        // may have ended because of the signal): that way never disposes the host, whose synchronous
        // engine stop could wait the engine's whole shutdown timeout.
        if (signal.Received)
            return await StopAfterSignalAsync(host, signal, logger).ConfigureAwait(false);

        bool stopped = await StopAfterRunAsync(host, logger).ConfigureAwait(false);
        output.Flush();
        logger.LogInformation("Program ran in {Milliseconds:F1} ms and returned {ExitCode}", run.Elapsed.TotalMilliseconds, run.ExitCode);
        int exitCode = output.StdoutFailure is null ? run.ExitCode : StdoutFailed(output);
        if (arguments.Stats)
            StatisticsTable.Write(Console.Error, host.Services.GetRequiredService<WynEngine>().GetStatistics(), compileTime, run.Elapsed);
        if (stopped)
            host.Dispose();   // not when a worker is stuck: disposing the engine would wait for it
        return exitCode;
    }

    /// <summary>
    /// The program's output could not be written, so the program was stopped: when the reader of the
    /// pipe has gone (<c>wyn-host app.wyn | head</c>), quietly with 141 as if killed by SIGPIPE, like
    /// any Unix filter; any other write error (a full disk, a closed descriptor) is one line and 74.
    /// </summary>
    private static int StdoutFailed(ProgramOutput output)
    {
        if (output.StdoutReaderGone)
            return ExitCodes.BrokenPipe;
        return Fail(ExitCodes.OutputError, $"cannot write the program's output to stdout: {output.StdoutFailure!.Message}");
    }

    /// <summary>
    /// Stops the host after the program returned, within <see cref="AfterRunStopBudget"/>; false when
    /// the engine did not stop in time (a worker stuck in a task the failed program left behind). The
    /// program's exit code and messages are already settled then, and the engine's threads are
    /// background threads, so the process exits normally.
    /// </summary>
    private static async Task<bool> StopAfterRunAsync(IHost host, ILogger logger)
    {
        using var budget = new CancellationTokenSource(AfterRunStopBudget);
        try
        {
            await host.StopAsync(budget.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (budget.IsCancellationRequested && error is OperationCanceledException or AggregateException or TimeoutException)
        {
            logger.LogDebug("The engine did not stop within {Budget} after the program returned; exiting anyway", AfterRunStopBudget);
            return false;
        }
    }

    /// <summary>
    /// The host stops the program and cancels the engine's queued work (see <see cref="ProgramRunService"/>),
    /// within a fixed budget. The host is deliberately not disposed: disposing the engine would wait
    /// for a worker stuck in a task that never ends, and the process is about to exit anyway.
    /// </summary>
    private static async Task<int> StopAfterSignalAsync(IHost host, TerminationSignal signal, ILogger logger)
    {
        using var budget = new CancellationTokenSource(SignalStopBudget);
        try
        {
            await host.StopAsync(budget.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or AggregateException or TimeoutException)
        {
            logger.LogDebug("The host did not stop within {Budget}; exiting anyway", SignalStopBudget);
        }
        return signal.ExitCode;
    }

    /// <summary>Binds and validates the engine options now, so that bad values are reported before the program is read.</summary>
    private static EngineOptions ResolveEngineOptions(IHost host)
    {
        try
        {
            return host.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
        }
        catch (InvalidOperationException error)
        {
            // The configuration binder's conversion failure, e.g. --workers=many.
            throw new ConfigurationProblemException(ConversionFailure.Describe(error.Message));
        }
    }

    private static void LogOptions(ILogger logger, EngineOptions options, HostArguments arguments)
    {
        if (!logger.IsEnabled(LogLevel.Information))
            return;
        string file = arguments.ConfigFilePath ?? HostConfigurationSources.DefaultFilePath;
        logger.LogInformation("Configuration file: {File}{Missing}", file, File.Exists(file) ? "" : " (not found; defaults used)");
        IEnumerable<string> values = ConfigurationKeyCheck.EngineKeys
            .Select(key => $"{key}={typeof(EngineOptions).GetProperty(key)!.GetValue(options)}");
        logger.LogInformation("Engine options: {Options}", string.Join(", ", values));
        if (arguments.ProgramArguments.Count > 0)
            logger.LogInformation("Program arguments (Wyn core has no builtin that reads them yet): {Arguments}", string.Join(" ", arguments.ProgramArguments));
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => completion.TrySetResult());
        return completion.Task;
    }

    /// <summary>Writes --help or --version; a stdout that cannot take it (a full disk) is exit 74, not an internal error.</summary>
    private static int WriteToStdout(string text)
    {
        try
        {
            Console.Out.Write(text);
            Console.Out.Flush();
            return 0;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // UnauthorizedAccessException: stdout was closed (>&-) and its descriptor reused for a read-only file.
            return Fail(ExitCodes.OutputError, $"cannot write to stdout: {error.Message}");
        }
    }

    private static int Fail(int exitCode, string message, string prefix = "")
    {
        foreach (string line in message.Split(Environment.NewLine))
            Console.Error.WriteLine($"wyn-host: {prefix}{line}");
        return exitCode;
    }
}
