using System.Reflection;
using Wyn.Engine;
using Xunit.Sdk;

namespace Wyn.Language.Tests;

/// <summary>
/// Supplies the conformance theory with every (program × scheduler) pair.
/// The theory carries this attribute twice: once for the schedulers the engine accepts (those cases
/// run), once for the schedulers it rejects (those cases are reported as skipped with the engine's
/// reason, so a missing scheduler is visible in the results instead of silently counting as passed).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ConformanceCasesAttribute(bool forAcceptedSchedulers) : DataAttribute
{
    // xunit reads Skip per data attribute after enumerating its rows, so a computed value works.
    public override string? Skip
    {
        get => forAcceptedSchedulers ? null : ConformanceSchedulers.RejectionSummary;
        set => throw new NotSupportedException("the skip reason is computed from the engine");
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        var schedulers = forAcceptedSchedulers ? ConformanceSchedulers.Accepted : ConformanceSchedulers.Rejected.Keys;
        return
            from program in ConformanceCorpus.ProgramNames()
            from scheduler in schedulers
            select new object[] { program, scheduler };
    }
}

/// <summary>The corpus on disk: <c>Programs/NNN-name.wyn</c> beside the test assembly.</summary>
public static class ConformanceCorpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Programs");

    /// <summary>Program names without extension, e.g. <c>001-hello</c>, in file order.</summary>
    public static IEnumerable<string> ProgramNames() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.wyn")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    /// <summary>The path given to the compiler, so diagnostics and panics name a predictable file.</summary>
    public static string CompilePath(string program) => "Programs/" + program + ".wyn";
}

/// <summary>
/// The scheduler strategies the corpus runs on: the five WYN-CORE/ENGINE-API names (kept here, in one
/// place) plus any other strategy the engine's <see cref="SchedulerCatalog"/> registers. Each name is
/// probed once by creating an engine; names the engine rejects are reported as skipped.
/// </summary>
public static class ConformanceSchedulers
{
    public static readonly IReadOnlyList<string> Expected = ["batched", "inline", "work-stealing", "channels", "threadpool"];

    private static readonly Lazy<IReadOnlyList<string>> AllNames = new(() =>
        Expected.Concat(SchedulerCatalog.Default.Names).Distinct(StringComparer.OrdinalIgnoreCase).ToList());

    private static readonly Lazy<IReadOnlyDictionary<string, string>> RejectionReasons = new(ProbeAll);

    public static IEnumerable<string> Accepted => AllNames.Value.Where(name => !RejectionReasons.Value.ContainsKey(name));

    public static IReadOnlyDictionary<string, string> Rejected => RejectionReasons.Value;

    public static string? RejectionSummary =>
        Rejected.Count == 0
            ? null
            : "scheduler not available in this engine: " + string.Join("; ", Rejected.Select(pair => $"{pair.Key} ({pair.Value})"));

    private static IReadOnlyDictionary<string, string> ProbeAll()
    {
        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in AllNames.Value)
        {
            try
            {
                using var engine = WynEngine.Create(options => options.Scheduler = name);
            }
            catch (EngineOptionsException exception)
            {
                rejected[name] = exception.Message;
            }
        }

        return rejected;
    }
}
