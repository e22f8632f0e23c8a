namespace Wyn.Host.Bench;

/// <summary>All repetitions of one matrix cell, summarised: median and min–max of the good runs, ratio to the baseline.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Runs">Its runs, in repetition order.</param>
/// <param name="RatioToBaseline">Median time divided by the baseline strategy's median in the same workload, size and variant (1 for the baseline; NaN when either has no good run).</param>
internal sealed record CellSummary(MatrixCell Cell, IReadOnlyList<RunResult> Runs, double RatioToBaseline)
{
    private double[] GoodTimes => Runs.Where(r => r.Status == RunStatus.Ok).Select(r => r.Milliseconds).Order().ToArray();

    public int GoodRuns => GoodTimes.Length;

    public double MedianMilliseconds => Median(GoodTimes);

    public double MinMilliseconds => GoodTimes.DefaultIfEmpty(double.NaN).Min();

    public double MaxMilliseconds => GoodTimes.DefaultIfEmpty(double.NaN).Max();

    /// <summary>Nanoseconds per operation at the median.</summary>
    public double NanosecondsPerOperation => MedianMilliseconds * 1e6 / Cell.Workload.OperationsIn(Cell.Size);

    /// <summary>Operations per second at the median.</summary>
    public double Throughput => Cell.Workload.OperationsIn(Cell.Size) / (MedianMilliseconds / 1000.0);

    /// <summary>"ok", or what went wrong (counted), e.g. "2 wrong checksum, 1 timeout".</summary>
    public string Status
    {
        get
        {
            if (Runs.All(r => r.Status == RunStatus.NotApplicable))
                return "n/a";
            string[] problems = Runs.Where(r => r.Status != RunStatus.Ok)
                .GroupBy(r => r.Status)
                .Select(g => $"{g.Count()} {Describe(g.Key)}")
                .ToArray();
            return problems.Length == 0 ? "ok" : string.Join(", ", problems);
        }
    }

    public static List<CellSummary> Summarise(Experiment experiment, IReadOnlyList<RunResult> results)
    {
        var byCell = results.GroupBy(r => r.Cell).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Run.Repetition).ToList());
        var summaries = new List<CellSummary>();
        foreach (MatrixCell cell in RunPlan.Cells(experiment))
        {
            List<RunResult> runs = byCell.GetValueOrDefault(cell, []);
            MatrixCell baselineCell = cell with { Strategy = experiment.Baseline };
            double median = Median(Good(runs));
            double baselineMedian = Median(Good(byCell.GetValueOrDefault(baselineCell, [])));
            summaries.Add(new CellSummary(cell, runs, median / baselineMedian));
        }
        return summaries;
    }

    private static double[] Good(List<RunResult> runs) =>
        runs.Where(r => r.Status == RunStatus.Ok).Select(r => r.Milliseconds).Order().ToArray();

    private static double Median(double[] sorted) => sorted.Length switch
    {
        0 => double.NaN,
        _ when sorted.Length % 2 == 1 => sorted[sorted.Length / 2],
        _ => (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2,
    };

    private static string Describe(RunStatus status) => status switch
    {
        RunStatus.WrongChecksum => "wrong checksum",
        RunStatus.Timeout => "timeout",
        RunStatus.Error => "error",
        RunStatus.NotApplicable => "n/a",
        RunStatus.SkippedAfterTimeout => "skipped after timeout",
        _ => status.ToString(),
    };
}
