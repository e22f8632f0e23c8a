using Wyn.Host.Bench.Workloads;

namespace Wyn.Host.Bench;

/// <summary>A validated experiment file: the matrix to run and where its results go (schema: docs/host.md, "bench").</summary>
/// <param name="Name">The experiment's name (the file name without extension unless the file says otherwise).</param>
/// <param name="FilePath">The experiment file, as given on the command line.</param>
/// <param name="Description">Free text, copied into the JSON results.</param>
/// <param name="Strategies">Scheduler names, in the order of the report.</param>
/// <param name="Baseline">The strategy every ratio is relative to.</param>
/// <param name="Workloads">Each workload with its sizes.</param>
/// <param name="Variants">Engine option overrides; every strategy runs under every variant.</param>
/// <param name="Repetitions">How many times the whole matrix runs (interleaved: one round-robin pass per repetition).</param>
/// <param name="Timeout">Longest one run may take (engine start, warm-up, timed section and stop) before it is reported as a hang.</param>
/// <param name="WarmUp">Whether each run warms the JIT and the fresh engine's pools with a small size before the timed section.</param>
/// <param name="ResultsFolder">Where the CSV, JSON and PNG files go (absolute).</param>
internal sealed record Experiment(
    string Name,
    string FilePath,
    string Description,
    IReadOnlyList<string> Strategies,
    string Baseline,
    IReadOnlyList<WorkloadSizes> Workloads,
    IReadOnlyList<OptionVariant> Variants,
    int Repetitions,
    TimeSpan Timeout,
    bool WarmUp,
    string ResultsFolder);

/// <summary>A workload and the sizes it runs at.</summary>
internal sealed record WorkloadSizes(Workload Workload, IReadOnlyList<long> Sizes);

/// <summary>A named set of engine option overrides (configuration keys of <c>Wyn:Engine</c> and their values).</summary>
internal sealed record OptionVariant(string Name, IReadOnlyDictionary<string, string> Overrides);
