using System.Globalization;
using Spectre.Console;

namespace Wyn.Host.Bench;

/// <summary>The terminal report: one row per cell — median, min–max, ns per operation, ratio to the baseline.</summary>
internal static class ResultsTable
{
    public static void Write(IAnsiConsole console, Experiment experiment, IReadOnlyList<CellSummary> summaries)
    {
        bool showVariant = experiment.Variants.Count > 1;
        var table = new Table { Border = TableBorder.Rounded };
        table.Title = new TableTitle($"{Markup.Escape(experiment.Name)}: {experiment.Repetitions} repetitions, interleaved; ratio = median / median of {Markup.Escape(experiment.Baseline)}");
        table.AddColumn("workload");
        table.AddColumn(new TableColumn("size").RightAligned());
        if (showVariant)
            table.AddColumn("variant");
        table.AddColumn("strategy");
        table.AddColumn(new TableColumn("median ms").RightAligned());
        table.AddColumn(new TableColumn("min–max ms").RightAligned());
        table.AddColumn(new TableColumn("ns/op").RightAligned());
        table.AddColumn(new TableColumn("× baseline").RightAligned());
        table.AddColumn("status");

        string? previousGroup = null;
        foreach (CellSummary s in summaries)
        {
            string group = $"{s.Cell.Workload.Id} {s.Cell.Size} {s.Cell.Variant.Name}";
            if (previousGroup is not null && group != previousGroup)
                table.AddEmptyRow();
            previousGroup = group;

            var row = new List<string>
            {
                Markup.Escape($"{s.Cell.Workload.Id} {s.Cell.Workload.Name}"),
                s.Cell.Size.ToString("N0", CultureInfo.InvariantCulture),
            };
            if (showVariant)
                row.Add(Markup.Escape(s.Cell.Variant.Name));
            row.Add(Markup.Escape(s.Cell.Strategy) + (s.Cell.Strategy == experiment.Baseline ? " [grey](baseline)[/]" : ""));
            row.Add(Number(s.MedianMilliseconds, "F2"));
            row.Add(s.GoodRuns == 0 ? "-" : $"{Number(s.MinMilliseconds, "F2")}–{Number(s.MaxMilliseconds, "F2")}");
            row.Add(Number(s.NanosecondsPerOperation, "F1"));
            row.Add(Number(s.RatioToBaseline, "F2"));
            row.Add(s.Status switch
            {
                "ok" => "[green]ok[/]",
                "n/a" => "[grey]n/a[/]",
                string problem when s.Runs.Any(r => r.IsFailure) => $"[red]{Markup.Escape(problem)}[/]",
                string other => $"[yellow]{Markup.Escape(other)}[/]",
            });
            table.AddRow(row.ToArray());
        }
        console.Write(table);
    }

    private static string Number(double value, string format) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
