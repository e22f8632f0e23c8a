namespace Wyn.Host.Bench.Workloads;

/// <summary>Every workload of BENCHMARKS.md, found by id (w1) or name (spawn-await).</summary>
internal static class WorkloadCatalog
{
    public static IReadOnlyList<Workload> All { get; } =
        [new SpawnAwait(), new SpawnFib(), new UnevenFanOut(), new Pipeline(), new PingPong()];

    public static IReadOnlyList<string> Ids { get; } = All.Select(w => w.Id).ToArray();

    public static Workload? Find(string idOrName) =>
        All.FirstOrDefault(w => string.Equals(w.Id, idOrName, StringComparison.OrdinalIgnoreCase)
                             || string.Equals(w.Name, idOrName, StringComparison.OrdinalIgnoreCase));

    /// <summary>"w1 (spawn-await), w2 (spawnfib), …" for error messages and help.</summary>
    public static string Describe() => string.Join(", ", All.Select(w => $"{w.Id} ({w.Name})"));
}
