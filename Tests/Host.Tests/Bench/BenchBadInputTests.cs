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
        // sweep 7: the binder's own wording, without the key ("abc is not a valid value for Int32")
        { "a variant option that is not a number", "variantWord", "variants[0].options.Workers: 'abc' is not allowed; it must be a whole number." },
        { "a variant option past 32 bits", "variantHuge", "variants[0].options.BatchSize: '99999999999' is not allowed; it must be a whole number from -2,147,483,648 to 2,147,483,647." },
        // sweep 7: a key given twice ran with the last value
        { "a key given twice", "duplicate", "(JSON): not valid JSON: the key 'repetitions' appears twice in one object" },
        { "a variant option given twice", "duplicateOption", "(JSON): not valid JSON: the key 'Workers' appears twice in one object" },
        // sweep 7: "it must be more than 0" for a timeout of 1e300
        { "a timeout past a year", "timeoutHuge", "timeoutSeconds: 1E+300 is too large; it must be at most 31,536,000 (a year)" },
        { "malformed JSON, where", "malformedWhere", "(JSON): not valid JSON at line 4, column 20: ',' is an invalid start of a property name." },
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
            "variantWord" => Experiment(extra: "\"variants\": [ { \"name\": \"many\", \"options\": { \"Workers\": \"abc\" } } ]"),
            "variantHuge" => Experiment(extra: "\"variants\": [ { \"name\": \"big\", \"options\": { \"BatchSize\": 99999999999 } } ]"),
            "duplicate" => Experiment(extra: "\"repetitions\": 2"),
            "duplicateOption" => Experiment(extra: "\"variants\": [ { \"name\": \"two\", \"options\": { \"Workers\": 0, \"Workers\": 1 } } ]"),
            "timeoutHuge" => Experiment(extra: "\"timeoutSeconds\": 1e300"),
            "malformedWhere" => Experiment().Replace("\"repetitions\": 1,", "\"repetitions\": 1,,", StringComparison.Ordinal),
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

    /// <summary>
    /// Sweep 7: <c>"results": "."</c> emptied the working directory (the folder is replaced as a
    /// whole), then ended in an internal error. A folder holding anything the bench did not write is
    /// refused before anything runs, and left as it was.
    /// </summary>
    [Theory]
    [InlineData(".", "'.' is the working directory or one of its parents")]
    [InlineData("..", "'..' is the working directory or one of its parents")]
    [InlineData("mine", "'mine' holds 'inner', which the bench did not write")]
    [InlineData("mine/inner/..", "'mine/inner/..' holds 'inner', which the bench did not write")]
    [InlineData("experiments", "'experiments' holds the experiment file")]
    public void A_results_folder_that_holds_other_files_is_refused_and_kept(string results, string expected)
    {
        string work = Path.Combine(_files.Root, "work");
        Directory.CreateDirectory(Path.Combine(work, "mine", "inner"));
        File.WriteAllText(Path.Combine(work, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(work, "mine", "notes.txt"), "mine");
        Directory.CreateDirectory(Path.Combine(work, "experiments"));
        string file = Path.Combine(work, "experiments", "x.json");
        File.WriteAllText(file, Experiment().Replace(ResultsFolder.Replace("\\", "\\\\", StringComparison.Ordinal), results, StringComparison.Ordinal));
        string[] before = Directory.GetFileSystemEntries(work, "*", SearchOption.AllDirectories).Order().ToArray();

        HostResult result = WynHost.Run(["bench", file], null, workingDirectory: work);

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.Equal($"wyn-host: invalid experiment file '{file}': results: {expected}", Assert.Single(result.StderrLines)[..($"wyn-host: invalid experiment file '{file}': results: {expected}".Length)]);
        Assert.Equal(before, Directory.GetFileSystemEntries(work, "*", SearchOption.AllDirectories).Order().ToArray());
    }

    [Fact]
    public void A_results_folder_of_an_earlier_run_is_replaced()
    {
        string file = _files.Write("x.json", Experiment());
        Directory.CreateDirectory(ResultsFolder);
        File.WriteAllText(Path.Combine(ResultsFolder, "runs.csv"), "old");
        File.WriteAllText(Path.Combine(ResultsFolder, "bars-w5.png"), "old");

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["bars-w1.png", "results.json", "runs.csv", "throughput-w1.png"], Directory.GetFiles(ResultsFolder).Select(Path.GetFileName).Order());
        Assert.NotEqual("old", File.ReadAllText(Path.Combine(ResultsFolder, "runs.csv")));
    }

    /// <summary>Sweep 7: a Latin-1 experiment file ran, its names garbled; it is read as strictly as a program.</summary>
    [Fact]
    public void An_experiment_file_that_is_not_utf8_exits_66()
    {
        string file = Path.Combine(_files.Root, "latin1.json");
        File.WriteAllBytes(file, [.. System.Text.Encoding.Latin1.GetBytes(Experiment(extra: "\"name\": \"caf\u00e9\""))]);

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 66, result.ToString());
        Assert.StartsWith($"wyn-host: cannot read experiment file '{file}': not valid UTF-8 at byte ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(ResultsFolder));
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
