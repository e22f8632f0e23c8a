using System.Reflection;
using Wyn.Engine;
using Xunit.Sdk;

namespace Wyn.Language.Tests;

/// <summary>Which (program × scheduler) pairs one <see cref="ConformanceCasesAttribute"/> supplies.</summary>
public enum ConformanceCaseKind
{
    /// <summary>The engine accepts the scheduler and the program does not exclude it: these cases run.</summary>
    Runnable,

    /// <summary>The engine rejects the scheduler name: reported as skipped with the engine's message.</summary>
    SchedulerRejected,

    /// <summary>The program's <c># not-on:</c> directive excludes the scheduler: reported as skipped.</summary>
    ExcludedByProgram,

    /// <summary>
    /// A heavy program (timeout of 120 s or more, e.g. ten million spawns) on a scheduler other than the
    /// default: runs only with <c>WYN_STRESS=1</c>, so that CI stays short. Reported as skipped.
    /// </summary>
    HeavyOutsideStress,
}

/// <summary>
/// Supplies the conformance theory with every (program × scheduler) pair. The theory carries this
/// attribute once per <see cref="ConformanceCaseKind"/>, so that together they cover every pair and a
/// pair that does not run is visible in the results as skipped, with the reason, never silently passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ConformanceCasesAttribute(ConformanceCaseKind kind) : DataAttribute
{
    // xunit reads Skip per data attribute after enumerating its rows, so a computed value works.
    public override string? Skip
    {
        get => kind switch
        {
            ConformanceCaseKind.SchedulerRejected => ConformanceSchedulers.RejectionSummary,
            ConformanceCaseKind.ExcludedByProgram =>
                "the program's .expected excludes this scheduler with '# not-on:' (see its notes: WYN-CORE allows that scheduler to behave differently)",
            ConformanceCaseKind.HeavyOutsideStress =>
                "heavy program: it runs on the default scheduler in every run, and on the others only with WYN_STRESS=1",
            _ => null,
        };
        set => throw new NotSupportedException("the skip reason is computed from the engine and the corpus");
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        from program in ConformanceCorpus.ProgramNames()
        from scheduler in ConformanceSchedulers.All
        where KindOf(program, scheduler) == kind
        select new object[] { program, scheduler };

    private static ConformanceCaseKind KindOf(string program, string scheduler)
    {
        if (ConformanceSchedulers.Rejected.ContainsKey(scheduler))
        {
            return ConformanceCaseKind.SchedulerRejected;
        }

        ConformanceExpectation expectation = ConformanceCorpus.LoadExpectation(program);
        if (expectation.ExcludedSchedulers.Contains(scheduler, StringComparer.OrdinalIgnoreCase))
        {
            return ConformanceCaseKind.ExcludedByProgram;
        }

        bool heavy = expectation.Timeout >= TimeSpan.FromSeconds(120);
        bool stress = Environment.GetEnvironmentVariable("WYN_STRESS") == "1";
        return heavy && !stress && !string.Equals(scheduler, "batched", StringComparison.OrdinalIgnoreCase)
            ? ConformanceCaseKind.HeavyOutsideStress
            : ConformanceCaseKind.Runnable;
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

    public static string SourceFile(string program) => Path.Combine(Directory, program + ".wyn");

    public static ConformanceExpectation LoadExpectation(string program) =>
        ConformanceExpectation.Parse(File.ReadAllText(Path.Combine(Directory, program + ".expected")), CompilePath(program));
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

    public static IReadOnlyList<string> All => AllNames.Value;

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
