using System.Globalization;
using System.Text;

namespace Wyn.Host.Bench;

/// <summary>runs.csv: one row per run (every repetition, failures included), for spreadsheets and scripts.</summary>
internal static class CsvResultsWriter
{
    public const string FileName = "runs.csv";

    public static void Write(string folder, Experiment experiment, IReadOnlyList<RunResult> results)
    {
        var csv = new StringBuilder();
        csv.AppendLine("experiment,repetition,workload,size,variant,strategy,status,ms,ops,ops_per_s,ns_per_op,checksum,expected,message");
        foreach (RunResult r in results)
        {
            MatrixCell c = r.Cell;
            double ops = c.Workload.OperationsIn(c.Size);
            csv.AppendLine(string.Join(',',
                Field(experiment.Name),
                r.Run.Repetition.ToString(CultureInfo.InvariantCulture),
                c.Workload.Id,
                c.Size.ToString(CultureInfo.InvariantCulture),
                Field(c.Variant.Name),
                Field(c.Strategy),
                StatusName(r.Status),
                Number(r.Milliseconds, "F3"),
                ops.ToString("R", CultureInfo.InvariantCulture),
                Number(r.Throughput, "F0"),
                Number(r.Status == RunStatus.Ok ? r.Milliseconds * 1e6 / ops : double.NaN, "F2"),
                r.Checksum?.ToString(CultureInfo.InvariantCulture) ?? "",
                r.Expected.ToString(CultureInfo.InvariantCulture),
                Field(r.Message)));
        }
        File.WriteAllText(Path.Combine(folder, FileName), csv.ToString());
    }

    public static string StatusName(RunStatus status) => status switch
    {
        RunStatus.Ok => "ok",
        RunStatus.WrongChecksum => "wrong-checksum",
        RunStatus.Timeout => "timeout",
        RunStatus.Error => "error",
        RunStatus.NotApplicable => "n/a",
        RunStatus.SkippedAfterTimeout => "skipped",
        _ => status.ToString(),
    };

    private static string Number(double value, string format) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting when the text needs it.</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
