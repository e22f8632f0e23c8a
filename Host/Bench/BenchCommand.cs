using Spectre.Console;

namespace Wyn.Host.Bench;

/// <summary>
/// <c>wyn-host bench EXPERIMENT.json</c>: validate the experiment, run its matrix interleaved with
/// a live progress bar on stderr, print the results table on stdout, write CSV, JSON and PNG files
/// into the results folder (all at once, see <see cref="ResultsFolder"/>). Exit 0 when every run
/// gave the right checksum, 1 when any run failed (wrong checksum, hang, error), 78 for a bad
/// experiment file, 66 when it is missing.
/// </summary>
internal static class BenchCommand
{
    public static int Run(string experimentFile)
    {
        Experiment experiment;
        try
        {
            experiment = ExperimentLoader.Load(experimentFile, Environment.CurrentDirectory);
        }
        catch (FileNotFoundException error)
        {
            return Fail(ExitCodes.NoInput, error.Message);
        }
        catch (ExperimentFileException error)
        {
            return Fail(ExitCodes.Configuration, error.Message);
        }

        // A results folder that cannot be written is found now, not after minutes of runs.
        if (ResultsProblem(experiment, () => ResultsFolder.Begin(experiment.ResultsFolder).Dispose()) is { } unwritable)
            return unwritable;

        IAnsiConsole progressConsole = ConsoleOn(Console.Error);
        IAnsiConsole reportConsole = ConsoleOn(Console.Out);
        DateTimeOffset started = DateTimeOffset.Now;
        List<RunResult> results = RunAll(progressConsole, experiment);
        List<CellSummary> summaries = CellSummary.Summarise(experiment, results);

        ResultsTable.Write(reportConsole, experiment, summaries);
        foreach (RunResult failure in results.Where(r => r.IsFailure))
        {
            MatrixCell c = failure.Cell;
            Console.Error.WriteLine($"wyn-host: bench: FAILED {c.Workload.Id} size {c.Size} on {c.Strategy} ({c.Variant.Name}), repetition {failure.Run.Repetition}: {failure.Message}");
        }
        int beside = results.Count(r => r.TimedBesideAHang);
        if (beside > 0)
            Console.Error.WriteLine($"wyn-host: bench: {beside} run(s) were timed while a hung run's threads still ran; their times may be slow (message column of {CsvResultsWriter.FileName})");

        if (ResultsProblem(experiment, () =>
            {
                using ResultsFolder folder = ResultsFolder.Begin(experiment.ResultsFolder);
                CsvResultsWriter.Write(folder.Staging, experiment, results);
                JsonResultsWriter.Write(folder.Staging, experiment, results, summaries, started);
                ChartWriter.Write(folder.Staging, experiment, summaries);
                folder.Commit();
            }) is { } failed)
        {
            return failed;
        }
        string shown = Path.GetRelativePath(Environment.CurrentDirectory, experiment.ResultsFolder);
        if (shown.StartsWith("..", StringComparison.Ordinal))
            shown = experiment.ResultsFolder;
        Console.Error.WriteLine($"wyn-host: bench: results in {shown}/ ({CsvResultsWriter.FileName}, {JsonResultsWriter.FileName}, throughput-*.png, bars-*.png)");
        return results.Any(r => r.IsFailure) ? ExitCodes.Panic : 0;
    }

    private static List<RunResult> RunAll(IAnsiConsole console, Experiment experiment)
    {
        List<PlannedRun> plan = RunPlan.Interleaved(experiment);
        var runner = new BenchRunner(experiment);
        var results = new List<RunResult>(plan.Count);
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(experiment.Name), maxValue: plan.Count);
                int cellsPerRepetition = plan.Count / experiment.Repetitions;
                foreach (PlannedRun run in plan)
                {
                    MatrixCell c = run.Cell;
                    // Spectre draws no live bar when stderr is not a terminal (a log file, CI): one line per repetition instead.
                    if (!console.Profile.Capabilities.Interactive && results.Count % cellsPerRepetition == 0)
                        Console.Error.WriteLine($"wyn-host: bench: {experiment.Name}: repetition {run.Repetition}/{experiment.Repetitions} ({cellsPerRepetition} runs)");
                    task.Description = Markup.Escape($"{experiment.Name} {run.Repetition}/{experiment.Repetitions}: {c.Workload.Id} {c.Size:N0} {c.Strategy}");
                    results.Add(runner.Execute(run));
                    task.Increment(1);
                }
                task.Description = Markup.Escape($"{experiment.Name}: {plan.Count} runs");
            });
        return results;
    }

    /// <summary>A Spectre console on one stream; tables are not squeezed to 80 columns when the stream is redirected.</summary>
    private static IAnsiConsole ConsoleOn(TextWriter writer)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (!console.Profile.Capabilities.Interactive || console.Profile.Width < 120)
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
        return console;
    }

    /// <summary>Runs a step that writes the results folder; a file-system failure is one line and exit 74, not an internal error.</summary>
    private static int? ResultsProblem(Experiment experiment, Action write)
    {
        try
        {
            write();
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.OutputError, $"bench: cannot write the results folder '{experiment.ResultsFolder}': {error.Message}");
        }
    }

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"wyn-host: {message}");
        return exitCode;
    }
}
