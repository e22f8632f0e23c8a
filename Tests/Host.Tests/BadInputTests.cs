namespace Wyn.Host.Tests;

/// <summary>User mistakes: one line on stderr naming the problem, the documented exit code, no stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Theory]
    [InlineData(new[] { "--frob", "x.wyn" }, "unknown option '--frob'")]
    [InlineData(new string[0], "no program file given")]
    [InlineData(new[] { "check" }, "check needs a program file")]
    [InlineData(new[] { "a.wyn", "b.wyn" }, "unexpected argument 'b.wyn'")]
    [InlineData(new[] { "a.wyn", "--scheduler" }, "option '--scheduler' needs a value")]
    [InlineData(new[] { "--stats=yes", "a.wyn" }, "option '--stats' does not take a value")]
    // sweep 5: an empty configuration file name was an internal error (exit 70: "The value cannot be an empty string")
    [InlineData(new[] { "--config=", "a.wyn" }, "option '--config' needs a file name")]
    [InlineData(new[] { "--config", "", "a.wyn" }, "option '--config' needs a file name")]
    public void Usage_errors_exit_64(string[] args, string message)
    {
        HostResult result = WynHost.Run(args);

        AssertOneLine(result, 64, message);
    }

    [Fact]
    public void A_missing_file_exits_66()
    {
        AssertOneLine(WynHost.Run(Path.Combine(_files.Root, "nope.wyn")), 66, "no such file");
    }

    [Fact]
    public void A_dangling_symbolic_link_is_no_such_file()
    {
        string link = Path.Combine(_files.Root, "dangling.wyn");
        File.CreateSymbolicLink(link, Path.Combine(_files.Root, "gone.wyn"));

        AssertOneLine(WynHost.Run(link), 66, $"cannot run '{link}': no such file");
    }

    [Fact]
    public void A_closed_stdin_given_as_the_program_exits_66_instead_of_waiting_for_ever()
    {
        // With descriptor 0 closed at start, the runtime's own signal pipe took its number (it used to hang here).
        HostResult result = WynHost.Run(["-c", "exec \"$0\" - <&-", WynHost.BinaryPath], null, fileName: "/bin/sh", timeout: TimeSpan.FromSeconds(30));

        AssertOneLine(result, 66, "cannot read standard input: it is closed");
    }

    [Fact]
    public void A_directory_exits_66()
    {
        AssertOneLine(WynHost.Run(_files.Root), 66, "is a directory");
    }

    [Fact]
    public void A_file_that_is_not_utf8_exits_66()
    {
        string program = _files.WriteBytes("latin1.wyn", [0x70, 0x72, 0x69, 0x6E, 0x74, 0x28, 0x22, 0xE9, 0x22, 0x29, 0x0A]);

        AssertOneLine(WynHost.Run(program), 66, "not valid UTF-8 at byte 7");
    }

    [Fact]
    public void An_unknown_scheduler_exits_78_and_lists_the_valid_names()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = WynHost.Run("--scheduler=warp-drive", program);

        AssertOneLine(result, 78, "unknown scheduler 'warp-drive'; valid names are: batched");
        Assert.Contains("inline", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--workers=0", "Wyn:Engine:Workers: 0 is not allowed")]
    [InlineData("--workers=-3", "Wyn:Engine:Workers: -3 is not allowed")]
    [InlineData("--workers=many", "Wyn:Engine:Workers: 'many' is not allowed; it must be a whole number.")]
    [InlineData("--Wyn:Engine:ShutdownMode=Later", "Wyn:Engine:ShutdownMode: 'Later' is not allowed; it must be one of: Drain, Cancel.")]
    [InlineData("--Wyn:Engine:ShutdownTimeout=soon", "Wyn:Engine:ShutdownTimeout: 'soon' is not allowed; it must be a duration such as 00:00:30 (hh:mm:ss).")]
    [InlineData("--Wyn:Engine:BatchSize=0", "Wyn:Engine:BatchSize: 0 is not allowed")]
    [InlineData("--Wyn:Engine:Worker=2", "unknown configuration key 'Wyn:Engine:Worker'")]
    [InlineData("--workers=100000", "Wyn:Engine:Workers: 100000 is not allowed; it must be at most 1,024")]
    [InlineData("--Wyn:Engine:BatchSize=2000000000", "Wyn:Engine:BatchSize: 2000000000 is not allowed; it must be at most 65,536")]
    [InlineData("--Wyn:Engine:FutureChunkSize=100000000", "Wyn:Engine:FutureChunkSize: 100000000 is not allowed; it must be at most 1,048,576")]
    [InlineData("--Wyn:Engine:TaskChunkSize=2000000000", "Wyn:Engine:TaskChunkSize: 2000000000 is not allowed; it must be at most 1,048,576")]
    public void Bad_engine_options_exit_78_naming_the_key(string option, string message)
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        AssertOneLine(WynHost.Run(option, program), 78, message);
    }

    [Theory]
    [InlineData("--Wny:Engine:Workers=2", "unknown configuration key 'Wny:Engine:Workers' on the command line")]
    [InlineData("--Wyn:Engine=1", "Wyn:Engine: '1' is not allowed; it is a section")]
    [InlineData("--Wyn:Engine:ShutdownTimeout=5", "Wyn:Engine:ShutdownTimeout: '5' is not allowed; write the unit: 00:00:05 is 5 seconds (a bare number would be read as days)")]
    public void Configuration_keys_that_nothing_reads_exit_78(string option, string message)
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        AssertOneLine(WynHost.Run(option, program), 78, message);
    }

    [Theory]
    [InlineData("""{ "Wyn": 5 }""", "Wyn: '5' is not allowed; it is a section")]
    [InlineData("""{ "Wyn": { "Engine": { "Workers": [1, 2] } } }""", "Wyn:Engine:Workers: a list or an object is not allowed; it must be a single value")]
    [InlineData("""{ "Wyn": { "Engine": { "Workers": 1 } }, "Wny": { "Engine": { "Workers": 2 } } }""", "unknown configuration key 'Wny:Engine:Workers' in configuration file '{0}'")]
    [InlineData("""{ "Wyn": { "Engine": { "Workers": null } } }""", "Wyn:Engine:Workers: no value (null or empty) is not allowed; give a value, or remove the key to keep the default")]
    [InlineData("""{ "Wyn": { "Engine": { "BatchSize": "" } } }""", "Wyn:Engine:BatchSize: no value (null or empty) is not allowed")]
    public void A_configuration_file_with_something_nothing_reads_exits_78(string json, string message)
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);
        string config = _files.Write("wyn.json", json);

        AssertOneLine(WynHost.Run("--config", config, program), 78, message.Replace("{0}", config, StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_variables_of_other_tools_sharing_the_prefix_are_left_alone()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = WynHost.Run([program], new Dictionary<string, string> { ["WYN_STRESS"] = "1", ["WYN_Other__Key"] = "x" });

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void A_configuration_file_that_is_a_directory_exits_78_saying_so()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        AssertOneLine(WynHost.Run("--config", _files.Root, program), 78, "is a directory, not a JSON file");
    }

    [Fact]
    public void A_bad_value_from_the_environment_exits_78_too()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = WynHost.Run([program], new Dictionary<string, string> { ["WYN_Wyn__Engine__Workers"] = "0" });

        AssertOneLine(result, 78, "Wyn:Engine:Workers: 0 is not allowed");
    }

    [Fact]
    public void A_malformed_configuration_file_exits_78_naming_the_file()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);
        string config = _files.Write("wyn.json", """{ "Wyn": { "Engine": { "Scheduler": } } }""");

        AssertOneLine(WynHost.Run("--config", config, program), 78, $"configuration file '{config}' is not valid");
    }

    [Fact]
    public void A_missing_configuration_file_named_on_the_command_line_exits_78()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        AssertOneLine(WynHost.Run("--config=/nonexistent/wyn.json", program), 78, "configuration file '/nonexistent/wyn.json' does not exist");
    }

    private static void AssertOneLine(HostResult result, int exitCode, string message)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Equal("", result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith("wyn-host: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
