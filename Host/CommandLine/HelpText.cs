using System.Globalization;
using System.Reflection;
using System.Text;
using Wyn.Engine;
using Wyn.Host.Configuration;

namespace Wyn.Host.CommandLine;

/// <summary>The text of <c>wyn-host --help</c>: usage, every option with its default, the scheduler names, the exit codes.</summary>
internal static class HelpText
{
    // One line per engine option; a key the engine adds later still appears (with its default), just without a description.
    private static readonly Dictionary<string, string> s_engineOptionHelp = new(StringComparer.Ordinal)
    {
        [nameof(EngineOptions.Scheduler)] = "scheduler strategy (names below)",
        [nameof(EngineOptions.Workers)] = $"worker threads (default: the number of processors; at most {EngineOptions.MaxWorkers})",
        [nameof(EngineOptions.BatchSize)] = $"most work items moved per queue operation (at most {EngineOptions.MaxBatchSize})",
        [nameof(EngineOptions.TaskChunkSize)] = $"task slots per pool chunk (at most {EngineOptions.MaxChunkSize})",
        [nameof(EngineOptions.FutureChunkSize)] = $"future slots per pool chunk (at most {EngineOptions.MaxChunkSize})",
        [nameof(EngineOptions.PoolRetainedLimit)] = "free slots a pool keeps after a burst",
        [nameof(EngineOptions.UnhandledFailurePolicy)] = "fire-and-forget failures: Log, StopEngine or Crash",
        [nameof(EngineOptions.ShutdownMode)] = "at normal exit: Drain (run what is queued) or Cancel",
        [nameof(EngineOptions.ShutdownTimeout)] = "longest a normal engine stop may take (hh:mm:ss)",
        [nameof(EngineOptions.MaxBlockingCompensation)] = "extra threads while workers block (channels, sleep)",
    };

    public static string Build()
    {
        var text = new StringBuilder();
        text.AppendLine($"wyn-host {VersionText.Version} - runs Wyn programs on the Wyn concurrency engine");
        text.AppendLine();
        text.AppendLine("Usage:");
        text.AppendLine("  wyn-host [options] [run] FILE.wyn [-- program args]   compile and run (the default command)");
        text.AppendLine("  wyn-host [options] [run] -- FILE.wyn [program args]   the same, for a file named like an option");
        text.AppendLine("  wyn-host [options] check FILE.wyn                     compile only; print diagnostics");
        text.AppendLine("  wyn-host bench EXPERIMENT.json                        run a scheduler experiment (see docs/host.md, \"bench\")");
        text.AppendLine("  wyn-host --help | --version");
        text.AppendLine();
        text.AppendLine("Options:");
        Row(text, "--scheduler=NAME", "short for --Wyn:Engine:Scheduler=NAME");
        Row(text, "--workers=N", "short for --Wyn:Engine:Workers=N");
        Row(text, "--Wyn:Engine:KEY=VALUE", "set any engine option by its configuration key (below)");
        Row(text, "--config=FILE", $"read FILE instead of {HostConfigurationSources.DefaultFileName} next to the binary");
        Row(text, "--stats", "after the run, print what the engine did (table on stderr)");
        Row(text, "-v, --verbose", "log chosen options and compile/run timings to stderr");
        Row(text, "-h, --help", "show this help");
        Row(text, "--version", "show the version");
        text.AppendLine("  (an option takes its value as --name=VALUE or --name VALUE; everything after '--' goes to the program)");
        text.AppendLine();

        text.AppendLine("Engine options (configuration section Wyn:Engine) and their defaults:");
        var defaults = new EngineOptions();
        foreach (string key in ConfigurationKeyCheck.EngineKeys)
        {
            PropertyInfo property = typeof(EngineOptions).GetProperty(key)!;
            string value = Convert.ToString(property.GetValue(defaults), CultureInfo.InvariantCulture) ?? "";
            string help = s_engineOptionHelp.GetValueOrDefault(key, "");
            Row(text, $"{key} = {value}", help);
        }
        text.AppendLine();
        text.AppendLine("  Precedence, highest first: command line > environment (WYN_ prefix, '__' for ':',");
        text.AppendLine($"  e.g. WYN_Wyn__Engine__Scheduler=inline) > {HostConfigurationSources.DefaultFileName} > the defaults above.");
        text.AppendLine();

        text.AppendLine("Schedulers:");
        foreach (ISchedulerFactory factory in SchedulerCatalog.Default.Factories)
            Row(text, factory.Name, factory.Description);
        text.AppendLine();

        text.AppendLine("Exit codes:");
        foreach ((string code, string meaning) in ExitCodes.Table)
            Row(text, code, meaning);
        return text.ToString();
    }

    private static void Row(StringBuilder text, string left, string right) =>
        text.AppendLine(right.Length == 0 ? $"  {left}" : $"  {left,-31} {right}");
}
