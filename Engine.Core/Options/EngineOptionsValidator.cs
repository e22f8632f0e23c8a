using Microsoft.Extensions.Options;

namespace Wyn.Engine;

/// <summary>
/// Checks <see cref="EngineOptions"/>; each failure is one line naming the configuration key, the bad
/// value and what is allowed. Used by DI (<c>ValidateOnStart</c>) and by <see cref="WynEngine.Create(EngineOptions)"/>.
/// </summary>
public sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    private readonly SchedulerCatalog _catalog;

    public EngineOptionsValidator(SchedulerCatalog catalog) => _catalog = catalog;

    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        List<string> failures = Check(options, _catalog);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>All problems with <paramref name="options"/>, each a one-line message.</summary>
    public static List<string> Check(EngineOptions options, SchedulerCatalog catalog)
    {
        const string p = EngineOptions.SectionName + ":";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Scheduler) || !catalog.Contains(options.Scheduler))
            failures.Add(catalog.UnknownScheduler(options.Scheduler));
        InRange(failures, p + nameof(options.Workers), options.Workers, EngineOptions.MaxWorkers);
        InRange(failures, p + nameof(options.BatchSize), options.BatchSize, EngineOptions.MaxBatchSize);
        InRange(failures, p + nameof(options.TaskChunkSize), options.TaskChunkSize, EngineOptions.MaxChunkSize);
        InRange(failures, p + nameof(options.FutureChunkSize), options.FutureChunkSize, EngineOptions.MaxChunkSize);
        if (options.PoolRetainedLimit < 0)
            failures.Add($"{p}PoolRetainedLimit: {options.PoolRetainedLimit} is not allowed; it must be 0 or more.");
        if (options.MaxBlockingCompensation < 0)
            failures.Add($"{p}MaxBlockingCompensation: {options.MaxBlockingCompensation} is not allowed; it must be 0 or more.");
        if (options.ShutdownTimeout == Timeout.InfiniteTimeSpan)
            failures.Add($"{p}ShutdownTimeout: Timeout.InfiniteTimeSpan is not allowed; give a finite duration (a drain that never ends would hold the host's stop for ever).");
        else if (options.ShutdownTimeout < TimeSpan.Zero)
            failures.Add($"{p}ShutdownTimeout: {options.ShutdownTimeout} is not allowed; it must not be negative.");
        if (!Enum.IsDefined(options.ShutdownMode))
            failures.Add($"{p}ShutdownMode: {options.ShutdownMode} is not allowed; use Drain or Cancel.");
        if (!Enum.IsDefined(options.UnhandledFailurePolicy))
            failures.Add($"{p}UnhandledFailurePolicy: {options.UnhandledFailurePolicy} is not allowed; use Log, StopEngine or Crash.");
        return failures;
    }

    private static void InRange(List<string> failures, string key, int value, int max)
    {
        if (value <= 0)
            failures.Add($"{key}: {value} is not allowed; it must be a whole number of at least 1.");
        else if (value > max)
            failures.Add($"{key}: {value} is not allowed; it must be at most {max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}.");
    }
}
