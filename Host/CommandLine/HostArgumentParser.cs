namespace Wyn.Host.CommandLine;

/// <summary>
/// Parses wyn-host's command line by hand (see docs/host.md for why not System.CommandLine):
/// <c>wyn-host [options] [run|check] FILE.wyn [options] [-- program args]</c>, or
/// <c>wyn-host [options] [run|check] -- FILE.wyn [program args]</c>.
/// </summary>
/// <remarks>
/// Configuration settings may be written <c>--key=value</c> or <c>--key value</c>; any option whose
/// name contains ':' is a configuration key (<c>--Wyn:Engine:BatchSize=64</c>), and the short forms
/// in <see cref="ShortConfigurationOptions"/> map onto <c>Wyn:Engine:*</c>. They are collected,
/// normalised to <c>--key=value</c>, and handed to the configuration command-line provider, so the
/// command line has the highest precedence exactly as in any Generic Host application.
/// </remarks>
internal static class HostArgumentParser
{
    /// <summary>Short option → configuration key; the switch mappings of the command-line provider.</summary>
    public static IReadOnlyDictionary<string, string> ShortConfigurationOptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--scheduler"] = "Wyn:Engine:Scheduler",
        ["--workers"] = "Wyn:Engine:Workers",
    };

    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        HostCommand? command = null;
        string? file = null;
        string? configFile = null;
        bool stats = false, verbose = false, help = false, version = false;
        var configuration = new List<string>();
        var programArguments = new List<string>();

        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                // POSIX's end of options: with no file before it, the first argument after it is
                // the file, so that a file named like an option runs (wyn-host -- --odd.wyn).
                IEnumerable<string> rest = args.Skip(i + 1);
                if (file is null && i + 1 < args.Count)
                {
                    file = args[i + 1];
                    rest = rest.Skip(1);
                }
                programArguments.AddRange(rest);
                break;
            }

            if (arg.Length > 1 && arg[0] == '-')
            {
                (string name, string? inlineValue) = SplitOption(arg);
                switch (name)
                {
                    case "-h" or "-?" or "--help":
                        help = true;
                        RejectValue(name, inlineValue);
                        break;
                    case "--version":
                        version = true;
                        RejectValue(name, inlineValue);
                        break;
                    case "--stats":
                        stats = true;
                        RejectValue(name, inlineValue);
                        break;
                    case "-v" or "--verbose":
                        verbose = true;
                        RejectValue(name, inlineValue);
                        break;
                    case "--config":
                        configFile = inlineValue ?? TakeValue(args, ref i, name);
                        // `--config=` or `--config ""` names no file (it was an internal error, exit 70).
                        if (configFile.Length == 0)
                            throw new UsageException($"option '{name}' needs a file name ({name}=FILE)");
                        break;
                    default:
                        if (ShortConfigurationOptions.ContainsKey(name) || IsConfigurationKey(name))
                            configuration.Add($"{name}={inlineValue ?? TakeValue(args, ref i, name)}");
                        else
                            throw new UsageException($"unknown option '{name}'");
                        break;
                }
                continue;
            }

            if (command is null && file is null && arg is "run" or "check" or "bench" or "help")
            {
                command = arg switch
                {
                    "run" => HostCommand.Run,
                    "check" => HostCommand.Check,
                    "bench" => HostCommand.Bench,
                    _ => HostCommand.Help,
                };
                continue;
            }

            if (file is not null)
                throw new UsageException($"unexpected argument '{arg}'; program arguments go after '--'");
            file = arg;
        }

        if (help || command == HostCommand.Help)
            return new HostArguments(HostCommand.Help, null, [], [], null, false, false);
        if (version)
            return new HostArguments(HostCommand.Version, null, [], [], null, false, false);

        command ??= HostCommand.Run;
        if (command == HostCommand.Bench)
            return BenchArguments(file, programArguments, configuration, configFile, stats, verbose);
        if (file is null)
            throw new UsageException(command == HostCommand.Check ? "check needs a program file" : "no program file given");
        if (command == HostCommand.Check && programArguments.Count > 0)
            throw new UsageException("check does not take program arguments");
        return new HostArguments(command.Value, file, programArguments, configuration, configFile, stats, verbose);
    }

    /// <summary>bench takes everything from its experiment file: engine options there, not on the command line.</summary>
    private static HostArguments BenchArguments(string? file, List<string> programArguments, List<string> configuration, string? configFile, bool stats, bool verbose)
    {
        if (file is null)
            throw new UsageException("bench needs an experiment file (e.g. config/experiments/quick.json)");
        if (programArguments.Count > 0 || configuration.Count > 0 || configFile is not null || stats)
            throw new UsageException("bench takes only an experiment file; engine options go into its 'variants'");
        return new HostArguments(HostCommand.Bench, file, [], [], null, false, verbose);
    }

    /// <summary>True for <c>--Section:Key</c>: a configuration key with at least one non-empty section.</summary>
    private static bool IsConfigurationKey(string name) =>
        name.StartsWith("--", StringComparison.Ordinal) && name.Length > 3 && name.IndexOf(':', 2) > 2 && !name.EndsWith(':');

    private static (string Name, string? Value) SplitOption(string arg)
    {
        int equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1] == "--")
            throw new UsageException($"option '{name}' needs a value ({name}=VALUE)");
        return args[++i];
    }

    private static void RejectValue(string name, string? value)
    {
        if (value is not null)
            throw new UsageException($"option '{name}' does not take a value");
    }
}
