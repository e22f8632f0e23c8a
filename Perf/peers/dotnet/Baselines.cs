namespace Wyn.Perf.Peers;

/// <summary>One runnable baseline: its printed name, the timed body and the reference checksum.</summary>
internal sealed record Baseline(string Name, Func<long, Task<long>> Run, Func<long, long> Expected);

/// <summary>The table of baselines by workload and variant; the first variant listed is the default.</summary>
internal static class Baselines
{
    private static readonly Dictionary<string, Baseline[]> ByWorkload = new()
    {
        ["w1"] =
        [
            new("dotnet-task", SpawnAwaitWithTasks.Run, Checksums.SumOfSquares),
            new("dotnet-threadpool", SpawnAwaitWithThreadPool.Run, Checksums.SumOfSquares),
        ],
        ["w2"] =
        [
            new("dotnet-result", SpawnFibBlocking.Run, Checksums.SequentialFib),
            new("dotnet-async", SpawnFibAsync.Run, Checksums.SequentialFib),
        ],
        ["w3"] =
        [
            new("dotnet-task", UnevenFanOutWithTasks.Run, Checksums.SumOfUnevenTasks),
            new("dotnet-threadpool", UnevenFanOutWithThreadPool.Run, Checksums.SumOfUnevenTasks),
        ],
        ["w4"] = [new("dotnet-channels", PipelineWithChannels.Run, Checksums.SumOfSquares)],
        ["w5"] = [new("dotnet-task", PingPongWithTasks.Run, Checksums.SumOfSuccessors)],
    };

    /// <summary>Variant names are the printed names without the "dotnet-" prefix.</summary>
    public static Baseline? Find(string workload, string? variant)
    {
        if (!ByWorkload.TryGetValue(workload, out var baselines))
        {
            return null;
        }
        return variant is null
            ? baselines[0]
            : Array.Find(baselines, b => b.Name == "dotnet-" + variant);
    }
}
