using Wyn.Engine;

namespace Wyn.Perf.Workloads;

/// <summary>One benchmark workload from BENCHMARKS.md, run through the C# API on a given engine.</summary>
internal abstract class Workload
{
    public abstract string Id { get; }

    /// <summary>The sizes a sweep runs by default.</summary>
    public abstract long[] DefaultSizes { get; }

    /// <summary>Runs the timed section; returns the checksum.</summary>
    public abstract long Run(WynEngine engine, long size);

    /// <summary>The checksum a correct run must produce.</summary>
    public abstract long Expected(long size);

    public static Workload? ByName(string name) => name.ToLowerInvariant() switch
    {
        "w1" or "spawn-await" => new SpawnAwait(),
        "w2" or "spawnfib" => new SpawnFib(),
        "w3" or "uneven" => new UnevenFanOut(),
        "w5" or "pingpong" => new PingPong(),
        _ => null,
    };

    public static readonly string[] Names = ["w1", "w2", "w3", "w5"];
}
