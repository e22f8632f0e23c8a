using System.Text.RegularExpressions;

namespace Wyn.Host.Tests;

/// <summary>
/// Command line over environment (WYN_ prefix) over the configuration file over the defaults. The
/// effective options are read from the --verbose log line "Engine options: Scheduler=..., Workers=...".
/// </summary>
public sealed partial class ConfigurationPrecedenceTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly string _program;
    private readonly string _config;

    public ConfigurationPrecedenceTests()
    {
        _program = _files.Write("three.wyn", Programs.ReturnsThree);
        _config = _files.Write("wyn.json", """
            // comments are allowed
            { "Wyn": { "Engine": { "Scheduler": "inline", "Workers": 3, "BatchSize": 7, } } }
            """);
    }

    [Fact]
    public void The_file_sets_options()
    {
        (string scheduler, int workers, int batch) = EffectiveOptions(["--config", _config], null);

        Assert.Equal(("inline", 3, 7), (scheduler, workers, batch));
    }

    [Fact]
    public void The_environment_overrides_the_file()
    {
        var environment = new Dictionary<string, string>
        {
            ["WYN_Wyn__Engine__Scheduler"] = "batched",
            ["WYN_Wyn__Engine__Workers"] = "2",
        };

        (string scheduler, int workers, int batch) = EffectiveOptions(["--config", _config], environment);

        Assert.Equal(("batched", 2, 7), (scheduler, workers, batch));
    }

    [Fact]
    public void The_command_line_overrides_the_environment_by_short_form_and_by_full_key()
    {
        var environment = new Dictionary<string, string>
        {
            ["WYN_Wyn__Engine__Scheduler"] = "batched",
            ["WYN_Wyn__Engine__Workers"] = "2",
            ["WYN_Wyn__Engine__BatchSize"] = "9",
        };

        (string scheduler, int workers, int batch) = EffectiveOptions(
            ["--config", _config, "--scheduler=inline", "--workers", "1", "--Wyn:Engine:BatchSize=64"], environment);

        Assert.Equal(("inline", 1, 64), (scheduler, workers, batch));
    }

    [Fact]
    public void Without_any_setting_the_shipped_wyn_json_next_to_the_binary_gives_the_documented_defaults()
    {
        HostResult result = WynHost.Run("--verbose", _program);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Matches(@"Configuration file: .*wyn\.json\n", result.Stderr);
        Assert.DoesNotContain("not found", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("batched", OptionsLine().Match(result.Stderr).Groups["scheduler"].Value);
        Assert.Equal(Environment.ProcessorCount.ToString(), OptionsLine().Match(result.Stderr).Groups["workers"].Value);
    }

    private (string Scheduler, int Workers, int BatchSize) EffectiveOptions(string[] options, Dictionary<string, string>? environment)
    {
        HostResult result = WynHost.Run([.. options, "--verbose", _program], environment);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("hello\n", result.Stdout);
        Match match = OptionsLine().Match(result.Stderr);
        Assert.True(match.Success, result.ToString());
        return (match.Groups["scheduler"].Value, int.Parse(match.Groups["workers"].Value), int.Parse(match.Groups["batch"].Value));
    }

    [GeneratedRegex(@"Engine options: Scheduler=(?<scheduler>[^,]+), Workers=(?<workers>\d+), BatchSize=(?<batch>\d+)")]
    private static partial Regex OptionsLine();

    public void Dispose() => _files.Dispose();
}
