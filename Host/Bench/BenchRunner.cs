using System.Diagnostics;
using Wyn.Engine;

namespace Wyn.Host.Bench;

/// <summary>
/// Runs one planned run: a fresh engine, an optional warm-up, the timed section, the checksum check,
/// the engine's stop — on a dedicated thread, so that a run that hangs is reported after the
/// experiment's timeout instead of stopping the whole experiment.
/// </summary>
internal sealed class BenchRunner(Experiment experiment)
{
    private const int WarmUpRounds = 3;

    // Expected checksums are computed once per workload and size (W1 at 10M is a 10M-step loop).
    private readonly Dictionary<(string, long), long> _expected = [];
    private readonly HashSet<MatrixCell> _hung = [];

    // Threads of runs that hung, with what they were running: while one is alive, the runs after it
    // share the processors with it, and their times say so (sweep 7: W5 measured 0.37–2.78 ms after
    // a hung spawnfib).
    private readonly List<(Thread Thread, MatrixCell Cell)> _abandoned = [];

    public RunResult Execute(PlannedRun run)
    {
        MatrixCell cell = run.Cell;
        long expected = Expected(cell);
        if (_hung.Contains(cell))
            return new RunResult(run, RunStatus.SkippedAfterTimeout, double.NaN, null, expected, "an earlier repetition hung");

        _abandoned.RemoveAll(a => !a.Thread.IsAlive);
        MatrixCell? beside = _abandoned.Count > 0 ? _abandoned[0].Cell : null;
        var attempt = new Attempt(experiment, cell, expected);
        var thread = new Thread(attempt.Run, maxStackSize: 16 * 1024 * 1024)
        {
            // A hung run must not keep the process alive once the experiment is over.
            IsBackground = true,
            Name = $"bench {cell.Workload.Id} {cell.Strategy}",
        };
        thread.Start();
        if (!thread.Join(experiment.Timeout))
        {
            _hung.Add(cell);
            _abandoned.Add((thread, cell));
            return new RunResult(run, RunStatus.Timeout, double.NaN, null, expected,
                $"no result after {experiment.Timeout.TotalSeconds:0.###} s (hang); its threads are abandoned");
        }
        RunResult result = attempt.Result(run);
        if (beside is { } hung && result.Status == RunStatus.Ok)
        {
            result = result with { Message = $"timed while the abandoned run of {hung.Workload.Id} {hung.Size} on {hung.Strategy} ({hung.Variant.Name}) still ran: it may be slow" };
        }
        return result;
    }

    private long Expected(MatrixCell cell)
    {
        if (!_expected.TryGetValue((cell.Workload.Id, cell.Size), out long expected))
            _expected[(cell.Workload.Id, cell.Size)] = expected = cell.Workload.Expected(cell.Size);
        return expected;
    }

    /// <summary>The work of one run's thread and what it found.</summary>
    private sealed class Attempt(Experiment experiment, MatrixCell cell, long expected)
    {
        private double _milliseconds = double.NaN;
        private long? _checksum;
        private Exception? _error;
        private bool _notApplicable;

        public void Run()
        {
            try
            {
                EngineOptions options = ExperimentLoader.EngineOptionsFor(cell.Strategy, cell.Variant);
                using WynEngine engine = WynEngine.Create(options);
                if (cell.Workload.NeedsConcurrentTasks && engine.Scheduler.GetStatistics().Workers == 0)
                {
                    _notApplicable = true;
                    return;
                }
                if (experiment.WarmUp)
                {
                    for (int i = 0; i < WarmUpRounds; i++)
                        cell.Workload.Run(engine, Math.Min(cell.Workload.WarmUpSize, cell.Size));
                }
                long start = Stopwatch.GetTimestamp();
                long checksum = cell.Workload.Run(engine, cell.Size);
                _milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                _checksum = checksum;
            }
            catch (Exception error) // any failure of the run is a reported result, never a crash of the experiment
            {
                _error = error;
            }
        }

        public RunResult Result(PlannedRun run)
        {
            if (_notApplicable)
                return new RunResult(run, RunStatus.NotApplicable, double.NaN, null, expected,
                    $"{cell.Strategy} runs every spawn at its spawn site; {cell.Workload.Id}'s stages must run at the same time");
            if (_error is not null)
                return new RunResult(run, RunStatus.Error, _milliseconds, _checksum, expected, $"{_error.GetType().Name}: {_error.Message}");
            return _checksum == expected
                ? new RunResult(run, RunStatus.Ok, _milliseconds, _checksum, expected, "")
                : new RunResult(run, RunStatus.WrongChecksum, _milliseconds, _checksum, expected, $"checksum {_checksum}, expected {expected}");
        }
    }
}
