using System.Text.Json;

namespace Wyn.Host.Tests.Bench;

/// <summary>A tiny experiment end to end: it runs, prints the table, and writes CSV, JSON and PNG files.</summary>
public sealed class BenchRunTests : IDisposable
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TempFiles _files = new();

    [Fact]
    public void A_tiny_experiment_writes_csv_json_and_png_files()
    {
        string results = Path.Combine(_files.Root, "out", "tiny");
        string file = _files.Write("tiny.json", $$"""
            // inline against batched on W1 at 1,000 tasks, once
            {
              "name": "tiny",
              "strategies": ["inline", "batched"],
              "baseline": "batched",
              "workloads": { "w1": [1000] },
              "repetitions": 1,
              "results": "{{results.Replace("\\", "\\\\", StringComparison.Ordinal)}}",
            }
            """);

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("tiny", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("inline", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(baseline)", result.Stdout, StringComparison.Ordinal);

        string[] csv = File.ReadAllLines(Path.Combine(results, "runs.csv"));
        Assert.StartsWith("experiment,repetition,workload,size,variant,strategy,status,ms", csv[0], StringComparison.Ordinal);
        Assert.Equal(3, csv.Length); // header + one run per strategy
        Assert.All(csv.Skip(1), line => Assert.Contains(",w1,1000,default,", line, StringComparison.Ordinal));
        Assert.All(csv.Skip(1), line => Assert.Contains(",ok,", line, StringComparison.Ordinal));
        // W1's checksum at 1,000: the sum of i*i for i < 1000.
        Assert.All(csv.Skip(1), line => Assert.Contains(",332833500,332833500,", line, StringComparison.Ordinal));

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "results.json")));
        JsonElement summary = json.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetArrayLength());
        JsonElement baseline = summary.EnumerateArray().Single(s => s.GetProperty("strategy").GetString() == "batched");
        Assert.Equal(1.0, baseline.GetProperty("ratioToBaseline").GetDouble());
        Assert.True(baseline.GetProperty("medianMs").GetDouble() > 0);

        foreach (string png in new[] { "throughput-w1.png", "bars-w1.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(results, png));
            Assert.True(bytes.Length > 5_000, $"{png} is only {bytes.Length} bytes");
            Assert.Equal(s_pngSignature, bytes[..8]);
        }
        // Nothing but the results folder itself is left next to it (no staging folder).
        Assert.Equal(["tiny"], Directory.GetFileSystemEntries(Path.Combine(_files.Root, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_run_longer_than_the_timeout_is_reported_as_a_hang_and_the_exit_code_is_1()
    {
        // spawnfib(27) takes far longer than 50 ms; to the runner it is indistinguishable from a hang.
        string file = BatchedExperiment("hang", """{ "w2": [27] }""", repetitions: 2, timeoutSeconds: "0.05", out string results);

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("wyn-host: bench: FAILED w2 size 27 on batched (default), repetition 1: no result after 0.05 s (hang)", result.Stderr, StringComparison.Ordinal);
        string[] csv = File.ReadAllLines(Path.Combine(results, "runs.csv"));
        Assert.Contains(",batched,timeout,", csv[1], StringComparison.Ordinal);
        // The hung cell is not run again: its threads may still be busy.
        Assert.Contains(",batched,skipped,", csv[2], StringComparison.Ordinal);
    }

    /// <summary>
    /// Sweep 7: after a hung run the runs that follow share the processors with its abandoned
    /// threads; their times are kept, and marked (W5 measured 0.37–2.78 ms after a hung spawnfib).
    /// </summary>
    [Fact]
    public void Runs_timed_beside_a_hung_run_say_so()
    {
        // spawnfib(40) takes far longer than the 2 s timeout (~165M spawns), and is still running
        // when W5 starts after it; W5's 1,000 round trips fit in 2 s even beside it (the process
        // exits, and the abandoned threads with it, right after).
        string file = BatchedExperiment("beside", """{ "w2": [40], "w5": [1000] }""", repetitions: 1, timeoutSeconds: "2", out string results);

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("wyn-host: bench: 1 run(s) were timed while a hung run's threads still ran; their times may be slow", result.Stderr, StringComparison.Ordinal);
        string[] csv = File.ReadAllLines(Path.Combine(results, "runs.csv"));
        Assert.Contains(",batched,timeout,", csv[1], StringComparison.Ordinal);
        Assert.Contains(",w5,1000,default,batched,ok,", csv[2], StringComparison.Ordinal);
        Assert.EndsWith("timed while the abandoned run of w2 40 on batched (default) still ran: it may be slow", csv[2], StringComparison.Ordinal);
    }

    /// <summary>An experiment file NAME.json on <c>batched</c> alone, writing its results to the folder NAME.</summary>
    private string BatchedExperiment(string name, string workloads, int repetitions, string timeoutSeconds, out string results)
    {
        results = Path.Combine(_files.Root, name);
        return _files.Write($"{name}.json", $$"""
            {
              "strategies": ["batched"],
              "workloads": {{workloads}},
              "repetitions": {{repetitions}},
              "timeoutSeconds": {{timeoutSeconds}},
              "results": "{{results.Replace("\\", "\\\\", StringComparison.Ordinal)}}"
            }
            """);
    }

    public void Dispose() => _files.Dispose();
}
