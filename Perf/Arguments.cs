using Wyn.Engine;
using Wyn.Host.Bench.Workloads;

namespace Wyn.Perf;

/// <summary>The options shared by the sweep and run commands.</summary>
internal sealed record Arguments(Workload Workload, string Scheduler, long[]? Sizes, long? Size, int? Workers)
{
    public static Arguments Parse(string[] args)
    {
        Workload? workload = null;
        string scheduler = "batched";
        long[]? sizes = null;
        long? size = null;
        int? workers = null;
        for (int i = 0; i < args.Length; i++)
        {
            string key = args[i];
            string value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{key} needs a value");
            switch (key)
            {
                case "--workload":
                    workload = Workload.ByName(value) ?? throw new ArgumentException($"unknown workload '{value}'; valid: {string.Join(", ", Workload.Names)}");
                    break;
                case "--scheduler":
                    scheduler = value;
                    break;
                case "--sizes":
                    sizes = value.Split(',').Select(ParseSize).ToArray();
                    break;
                case "--size":
                    size = ParseSize(value);
                    break;
                case "--workers":
                    workers = int.TryParse(value, out int w) ? w : throw new ArgumentException($"--workers: '{value}' is not a number");
                    break;
                default:
                    throw new ArgumentException($"unknown option '{key}'");
            }
        }
        return new Arguments(workload ?? throw new ArgumentException("--workload is required"), scheduler, sizes, size, workers);
    }

    private static long ParseSize(string text) =>
        long.TryParse(text.Replace("_", "", StringComparison.Ordinal), out long n) && n > 0
            ? n
            : throw new ArgumentException($"size '{text}' must be a positive whole number");

    public WynEngine CreateEngine() => WynEngine.Create(o =>
    {
        o.Scheduler = Scheduler;
        if (Workers is { } w)
            o.Workers = w;
    });
}
