namespace Wyn.Host.Tests;

public sealed class HelpAndVersionTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_shows_usage_options_with_defaults_scheduler_names_and_exit_codes(string flag)
    {
        HostResult result = WynHost.Run(flag);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        string help = result.Stdout;
        foreach (string expected in new[]
        {
            "Usage:", "check FILE.wyn", "-- program args", "--scheduler=NAME", "--workers=N", "--stats", "--verbose", "--version",
            "Scheduler = batched", "BatchSize = 128", "TaskChunkSize = 4096", "FutureChunkSize = 1024", "ShutdownMode = Drain",
            "WYN_Wyn__Engine__Scheduler", "batched", "inline",
            "Exit codes:", "64", "66", "78", "130", "143",
        })
        {
            Assert.Contains(expected, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_wins_over_other_arguments()
    {
        HostResult result = WynHost.Run("--scheduler=nope", "missing.wyn", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_one_line()
    {
        HostResult result = WynHost.Run("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^wyn-host \d+\.\d+\.\d+\S* \(\.NET \d+\.\d+\.\d+\)\n$", result.Stdout);
    }
}
