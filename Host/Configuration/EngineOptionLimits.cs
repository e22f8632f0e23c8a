using Microsoft.Extensions.Options;
using Wyn.Engine;

namespace Wyn.Host.Configuration;

/// <summary>
/// Upper bounds wyn-host puts on engine options, beside the engine's own validation (which checks
/// only lower bounds). Without them a typo of a few digits took the process down badly:
/// <c>--workers=10000</c> started 10,000 worker threads with 16 MiB stacks and ended in a segfault or a
/// runtime abort after 40 s; <c>FutureChunkSize=100000000</c> used 10 GB of memory for a five-task
/// program; <c>BatchSize=2000000000</c> ended in an internal error. The bounds are far above any
/// useful value (defaults: processors, 128, 4096, 1024), so they only catch mistakes.
/// </summary>
internal sealed class EngineOptionLimits : IValidateOptions<EngineOptions>
{
    public const int MaxWorkers = 1024;
    public const int MaxBatchSize = 65_536;
    public const int MaxChunkSize = 1_048_576;

    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        List<string> failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every option above its bound, each as one line in the engine validator's style.</summary>
    public static List<string> Check(EngineOptions options)
    {
        var failures = new List<string>();
        AtMost(failures, nameof(options.Workers), options.Workers, MaxWorkers);
        AtMost(failures, nameof(options.BatchSize), options.BatchSize, MaxBatchSize);
        AtMost(failures, nameof(options.TaskChunkSize), options.TaskChunkSize, MaxChunkSize);
        AtMost(failures, nameof(options.FutureChunkSize), options.FutureChunkSize, MaxChunkSize);
        return failures;
    }

    private static void AtMost(List<string> failures, string key, int value, int max)
    {
        if (value > max)
            failures.Add($"{EngineOptions.SectionName}:{key}: {value} is not allowed; it must be at most {max:N0} (a limit of wyn-host).");
    }
}
