using System.Runtime.InteropServices;
using System.Text.Json;

namespace Wyn.Host.Bench;

/// <summary>results.json: the machine, the experiment as run, every run, and the per-cell summary.</summary>
internal static class JsonResultsWriter
{
    public const string FileName = "results.json";

    public static void Write(string folder, Experiment experiment, IReadOnlyList<RunResult> results, IReadOnlyList<CellSummary> summaries, DateTimeOffset started)
    {
        using FileStream stream = File.Create(Path.Combine(folder, FileName));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("experiment", experiment.Name);
        json.WriteString("file", experiment.FilePath);
        json.WriteString("description", experiment.Description);
        json.WriteString("started", started);
        json.WriteStartObject("machine");
        json.WriteNumber("processors", Environment.ProcessorCount);
        json.WriteString("os", RuntimeInformation.OSDescription);
        json.WriteString("architecture", RuntimeInformation.ProcessArchitecture.ToString());
        json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        json.WriteString("cpu", CpuModel());
        json.WriteEndObject();
        json.WriteStartArray("strategies");
        foreach (string s in experiment.Strategies)
            json.WriteStringValue(s);
        json.WriteEndArray();
        json.WriteString("baseline", experiment.Baseline);
        json.WriteNumber("repetitions", experiment.Repetitions);
        json.WriteNumber("timeoutSeconds", experiment.Timeout.TotalSeconds);
        json.WriteBoolean("warmUp", experiment.WarmUp);
        json.WriteStartArray("variants");
        foreach (OptionVariant variant in experiment.Variants)
        {
            json.WriteStartObject();
            json.WriteString("name", variant.Name);
            json.WriteStartObject("options");
            foreach ((string key, string value) in variant.Overrides)
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("summary");
        foreach (CellSummary s in summaries)
        {
            json.WriteStartObject();
            WriteCell(json, s.Cell);
            json.WriteString("status", s.Status);
            json.WriteNumber("goodRuns", s.GoodRuns);
            Number(json, "medianMs", s.MedianMilliseconds);
            Number(json, "minMs", s.MinMilliseconds);
            Number(json, "maxMs", s.MaxMilliseconds);
            Number(json, "nsPerOp", s.NanosecondsPerOperation);
            Number(json, "opsPerSecond", s.Throughput);
            Number(json, "ratioToBaseline", s.RatioToBaseline);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("runs");
        foreach (RunResult r in results)
        {
            json.WriteStartObject();
            json.WriteNumber("repetition", r.Run.Repetition);
            WriteCell(json, r.Cell);
            json.WriteString("status", CsvResultsWriter.StatusName(r.Status));
            Number(json, "ms", r.Milliseconds);
            if (r.Checksum is { } checksum)
                json.WriteNumber("checksum", checksum);
            else
                json.WriteNull("checksum");
            json.WriteNumber("expected", r.Expected);
            json.WriteString("message", r.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCell(Utf8JsonWriter json, MatrixCell cell)
    {
        json.WriteString("workload", cell.Workload.Id);
        json.WriteNumber("size", cell.Size);
        json.WriteString("unit", cell.Workload.OperationUnit);
        json.WriteString("variant", cell.Variant.Name);
        json.WriteString("strategy", cell.Strategy);
    }

    /// <summary>JSON has no NaN: a missing measurement is null.</summary>
    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            json.WriteNull(name);
        else
            json.WriteNumber(name, Math.Round(value, 4));
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
