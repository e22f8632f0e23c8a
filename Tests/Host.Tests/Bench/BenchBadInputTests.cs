namespace Wyn.Host.Tests.Bench;

/// <summary>
/// Bad experiment files: one line on stderr naming the file and the field, exit code 78, and
/// nothing written to the results folder (validation happens before anything runs).
/// </summary>
public sealed class BenchBadInputTests : IDisposable
{
    private readonly TempFiles _files = new();

    private string ResultsFolder => Path.Combine(_files.Root, "results");

    /// <summary>A valid experiment with one part replaced: FIELD is swapped for the given JSON text.</summary>
    private string Experiment(string strategies = "[\"inline\"]", string workloads = "{ \"w1\": [1000] }", string repetitions = "1", string? extra = null, bool withResults = true) =>
        "{\n" +
        $"  \"strategies\": {strategies},\n" +
        $"  \"workloads\": {workloads},\n" +
        $"  \"repetitions\": {repetitions},\n" +
        (extra is null ? "" : $"  {extra},\n") +
        (withResults ? $"  \"results\": \"{ResultsFolder.Replace("\\", "\\\\", StringComparison.Ordinal)}\"\n" : "  \"name\": \"x\"\n") +
        "}\n";

    public static TheoryData<string, string, string> Cases => new()
    {
        // case name, which part is bad, the field the message must name and what it must say
        { "unknown strategy", "strategy", "strategies[1]: unknown strategy 'fastest'" },
        { "unknown workload", "workload", "workloads.w9: unknown workload 'w9'" },
        { "size zero", "size0", "workloads.w1[1]: 0 is not allowed" },
        { "negative size", "sizeNegative", "workloads.w1[0]: -5 is not allowed" },
        { "missing field", "missing", "results: missing (required)" },
        { "malformed JSON", "malformed", "(JSON): not valid JSON" },
        { "bad variant option", "variant", "variants[0].options.Workers: 0 is not allowed" },
        { "unknown field", "typo", "repetitons: unknown field" },
        { "variant option above the engine's limit", "variantLimit", "variants[0].options.Workers: 5000 is not allowed; it must be at most 1,024" },
        // sweep 5: a bare number for a duration was read as days in a variant (wyn.json and the command line refused it)
        { "duration as a bare number in a variant", "variantSeconds", "variants[0].options.ShutdownTimeout: '5' is not allowed; write the unit: 00:00:05 is 5 seconds" },
        // sweep 5: w1 at 10^14 computed its checksum in a 10^14-step loop before the run's timeout applied (a hang)
        { "size too large for an array of futures", "sizeHuge", "workloads.w1[0]: 100000000000000 is too large for w1; it must be at most 2,147,483,591" },
        { "spawnfib past a 64-bit checksum", "fibHuge", "workloads.w2[0]: 93 is too large for w2; it must be at most 92" },
        { "a size listed twice", "sizeTwice", "workloads.w1[1]: size 1000 is listed twice" },
        // session 10: an empty string reached the binder ("variants[0].options:  is not a valid value for Int32")
        { "an empty variant option", "variantEmpty", "variants[0].options.Workers: no value (empty) is not allowed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_experiment_file_names_the_field_and_exits_78(string caseName, string kind, string expected)
    {
        string text = kind switch
        {
            "strategy" => Experiment(strategies: "[\"inline\", \"fastest\"]"),
            "workload" => Experiment(workloads: "{ \"w1\": [1000], \"w9\": [10] }"),
            "size0" => Experiment(workloads: "{ \"w1\": [1000, 0] }"),
            "sizeNegative" => Experiment(workloads: "{ \"w1\": [-5] }"),
            "missing" => Experiment(withResults: false),
            "malformed" => Experiment().Replace("\"repetitions\": 1,", "\"repetitions\": 1,,", StringComparison.Ordinal),
            "variant" => Experiment(extra: "\"variants\": [ { \"name\": \"none\", \"options\": { \"Workers\": 0 } } ]"),
            "typo" => Experiment(extra: "\"repetitons\": 3"),
            "variantLimit" => Experiment(extra: "\"variants\": [ { \"name\": \"many\", \"options\": { \"Workers\": 5000 } } ]"),
            "variantSeconds" => Experiment(extra: "\"variants\": [ { \"name\": \"slow stop\", \"options\": { \"ShutdownTimeout\": 5 } } ]"),
            "sizeHuge" => Experiment(workloads: "{ \"w1\": [100000000000000] }"),
            "fibHuge" => Experiment(workloads: "{ \"w2\": [93] }"),
            "sizeTwice" => Experiment(workloads: "{ \"w1\": [1000, 1000] }"),
            "variantEmpty" => Experiment(extra: "\"variants\": [ { \"name\": \"none\", \"options\": { \"Workers\": \"\" } } ]"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        string file = _files.Write($"{kind}.json", text);

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 78, $"{caseName}: {result}");
        Assert.Equal([$"wyn-host: invalid experiment file '{file}': {expected}"], result.StderrLines.Select(l => l[..Math.Min(l.Length, $"wyn-host: invalid experiment file '{file}': {expected}".Length)]));
        Assert.Equal("", result.Stdout);
        Assert.False(Directory.Exists(ResultsFolder), $"{caseName}: the results folder was created");
        Assert.Equal(["" + Path.GetFileName(file)], Directory.GetFileSystemEntries(_files.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void A_results_folder_that_cannot_be_created_exits_74_before_any_run()
    {
        string blocker = _files.Write("not-a-folder", "a file where the results folder's parent should be");
        string results = Path.Combine(blocker, "results");
        string file = _files.Write("x.json", Experiment().Replace(ResultsFolder.Replace("\\", "\\\\", StringComparison.Ordinal), results, StringComparison.Ordinal));

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 74, result.ToString());
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"wyn-host: bench: cannot write the results folder '{results}': ", line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void An_experiment_file_that_is_a_directory_exits_66_saying_so()
    {
        HostResult result = WynHost.Run("bench", _files.Root);

        Assert.True(result.ExitCode == 66, result.ToString());
        Assert.Contains("it is a directory", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_experiment_file_exits_66()
    {
        HostResult result = WynHost.Run("bench", Path.Combine(_files.Root, "nope.json"));

        Assert.True(result.ExitCode == 66, result.ToString());
        Assert.Single(result.StderrLines);
        Assert.Contains("no such file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_without_a_file_is_a_usage_error()
    {
        HostResult result = WynHost.Run("bench");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("bench needs an experiment file", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
