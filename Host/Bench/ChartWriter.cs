using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Wyn.Host.Bench;

/// <summary>
/// PNG charts (ScottPlot) in the results folder: per workload, throughput by size with one line per
/// strategy (log–log axes), and a bar chart of the median ns per operation with min–max whiskers.
/// </summary>
internal static class ChartWriter
{
    /// <summary>The charts' file names: PREFIX + workload id + ".png".</summary>
    public const string ThroughputPrefix = "throughput-", BarsPrefix = "bars-";

    private const int Width = 1000;
    private const int Height = 600;

    public static IReadOnlyList<string> Write(string folder, Experiment experiment, IReadOnlyList<CellSummary> summaries)
    {
        var files = new List<string>();
        foreach (WorkloadSizes workload in experiment.Workloads)
        {
            List<CellSummary> mine = summaries.Where(s => s.Cell.Workload.Id == workload.Workload.Id).ToList();
            files.Add(WriteThroughput(folder, experiment, workload, mine));
            files.Add(WriteBars(folder, experiment, workload, mine));
        }
        return files;
    }

    private static string WriteThroughput(string folder, Experiment experiment, WorkloadSizes workload, List<CellSummary> summaries)
    {
        var plot = new Plot();
        int series = 0;
        foreach (OptionVariant variant in experiment.Variants)
        {
            foreach (string strategy in experiment.Strategies)
            {
                List<CellSummary> points = summaries
                    .Where(s => s.Cell.Variant == variant && s.Cell.Strategy == strategy && s.GoodRuns > 0)
                    .OrderBy(s => s.Cell.Size)
                    .ToList();
                Color color = SeriesColor(series++);
                if (points.Count == 0)
                    continue;
                // ScottPlot draws log axes by plotting log10 of the data and labelling the ticks with powers of ten.
                double[] xs = points.Select(p => Math.Log10(p.Cell.Size)).ToArray();
                double[] ys = points.Select(p => Math.Log10(p.Throughput)).ToArray();
                var line = plot.Add.ScatterLine(xs, ys, color);
                line.LineWidth = 2;
                line.MarkerSize = 9;
                line.MarkerShape = MarkerShape.FilledCircle;
                line.LegendText = Label(experiment, variant, strategy);
            }
        }
        // A tick at each measured size (spawnfib's 15 and 20 have no power of ten between them).
        // Throughputs often lie within one decade, where powers of ten alone would leave a single label.
        plot.Axes.Bottom.SetTicks(
            workload.Sizes.Select(size => Math.Log10(size)).ToArray(),
            workload.Sizes.Select(size => FormatCount(size)).ToArray());
        plot.Axes.Left.TickGenerator = LogTicks(value => FormatCount(value) + "/s");
        plot.Title($"{experiment.Name}: {workload.Workload.Id} {workload.Workload.Name} — throughput by size (median of {experiment.Repetitions})");
        plot.XLabel($"size (log scale)");
        plot.YLabel($"{workload.Workload.OperationUnit} per second (log scale)");
        plot.Axes.Margins(0.1, 0.15);
        // Outside the data area: with five or more strategies an inside legend hides points.
        plot.ShowLegend(Edge.Right);
        string path = Path.Combine(folder, $"{ThroughputPrefix}{workload.Workload.Id}.png");
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string WriteBars(string folder, Experiment experiment, WorkloadSizes workload, List<CellSummary> summaries)
    {
        var plot = new Plot();
        var groups = (from size in workload.Sizes from variant in experiment.Variants select (size, variant)).ToList();
        int perGroup = experiment.Strategies.Count;
        const double groupGap = 1.0;
        var tickPositions = new List<double>();
        var tickLabels = new List<string>();
        for (int s = 0; s < perGroup; s++)
        {
            string strategy = experiment.Strategies[s];
            var bars = new List<Bar>();
            for (int g = 0; g < groups.Count; g++)
            {
                (long size, OptionVariant variant) = groups[g];
                CellSummary? summary = summaries.FirstOrDefault(x => x.Cell.Size == size && x.Cell.Variant == variant && x.Cell.Strategy == strategy);
                if (summary is null || summary.GoodRuns == 0)
                    continue;
                double perOp = 1e6 / workload.Workload.OperationsIn(size);
                bars.Add(new Bar
                {
                    Position = (g * (perGroup + groupGap)) + s,
                    Value = summary.NanosecondsPerOperation,
                    FillColor = SeriesColor(s),
                });
                // The whisker: min to max of the good runs (a Bar's own error bar is symmetric).
                double x = (g * (perGroup + groupGap)) + s;
                var whisker = plot.Add.Line(x, summary.MinMilliseconds * perOp, x, summary.MaxMilliseconds * perOp);
                whisker.Color = Colors.Black;
                whisker.LineWidth = 1.5f;
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = strategy + (strategy == experiment.Baseline ? " (baseline)" : "");
            plottable.Color = SeriesColor(s);
        }
        for (int g = 0; g < groups.Count; g++)
        {
            (long size, OptionVariant variant) = groups[g];
            tickPositions.Add((g * (perGroup + groupGap)) + ((perGroup - 1) / 2.0));
            tickLabels.Add(experiment.Variants.Count > 1 ? $"{size:N0}\n{variant.Name}" : size.ToString("N0", CultureInfo.InvariantCulture));
        }
        plot.Axes.Bottom.SetTicks(tickPositions.ToArray(), tickLabels.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{experiment.Name}: {workload.Workload.Id} {workload.Workload.Name} — median ns per {Singular(workload.Workload.OperationUnit)} (whiskers: min–max; lower is better)");
        plot.XLabel("size");
        plot.YLabel($"ns per {Singular(workload.Workload.OperationUnit)}");
        plot.ShowLegend(Alignment.UpperLeft);
        string path = Path.Combine(folder, $"{BarsPrefix}{workload.Workload.Id}.png");
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string Label(Experiment experiment, OptionVariant variant, string strategy) =>
        experiment.Variants.Count > 1 ? $"{strategy} ({variant.Name})" : strategy;

    private static Color SeriesColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static NumericAutomatic LogTicks(Func<double, string> format) => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        LabelFormatter = exponent => format(Math.Pow(10, exponent)),
    };

    private static string FormatCount(double value) => value switch
    {
        >= 1e9 => (value / 1e9).ToString("G3", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (value / 1e6).ToString("G3", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (value / 1e3).ToString("G3", CultureInfo.InvariantCulture) + "K",
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };

    private static string Singular(string unit) => unit.EndsWith('s') ? unit[..^1] : unit;
}
