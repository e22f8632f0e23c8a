namespace Wyn.Host.Tests.Bench;

/// <summary>
/// The order of runs in <c>wyn-host bench</c>: interleaved, and each repetition starts with the next
/// strategy, so that no strategy always gets the first seat of a round (Host/Bench/RunPlan.cs).
/// </summary>
public sealed class RunOrderTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public void Each_repetition_starts_with_the_next_strategy()
    {
        string results = Path.Combine(_files.Root, "order");
        string file = _files.Write("order.json", $$"""
            {
              "strategies": ["inline", "batched", "channels"],
              "workloads": { "w1": [100, 200] },
              "repetitions": 3,
              "results": "{{results.Replace("\\", "\\\\", StringComparison.Ordinal)}}"
            }
            """);

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        // runs.csv lists the runs in the order they ran: repetition, workload, size, variant, strategy.
        string[] order = File.ReadAllLines(Path.Combine(results, "runs.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => $"{f[1]} {f[3]} {f[5]}")
            .ToArray();
        Assert.Equal(
            [
                "1 100 inline", "1 100 batched", "1 100 channels", "1 200 inline", "1 200 batched", "1 200 channels",
                "2 100 batched", "2 100 channels", "2 100 inline", "2 200 batched", "2 200 channels", "2 200 inline",
                "3 100 channels", "3 100 inline", "3 100 batched", "3 200 channels", "3 200 inline", "3 200 batched",
            ],
            order);
    }

    public void Dispose() => _files.Dispose();
}
