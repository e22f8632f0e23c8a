using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Wyn.Host.CommandLine;

namespace Wyn.Host.Configuration;

/// <summary>
/// The three configuration sources of wyn-host, added in increasing precedence: the JSON file
/// (wyn.json next to the binary, or <c>--config FILE</c>), environment variables with the
/// <c>WYN_</c> prefix (<c>WYN_Wyn__Engine__Scheduler=inline</c>), and the command line.
/// </summary>
internal static class HostConfigurationSources
{
    public const string EnvironmentPrefix = "WYN_";
    public const string DefaultFileName = "wyn.json";

    /// <summary>wyn.json in the folder of the running binary (copied there by the build and in the tool package).</summary>
    public static string DefaultFilePath => Path.Combine(AppContext.BaseDirectory, DefaultFileName);

    /// <summary>
    /// Adds the sources. A configuration manager loads each source as it is added, so a malformed
    /// file fails here, and is reported as a <see cref="ConfigurationProblemException"/>.
    /// </summary>
    public static void AddTo(IConfigurationBuilder configuration, HostArguments arguments)
    {
        string path = Path.GetFullPath(arguments.ConfigFilePath ?? DefaultFilePath);
        bool explicitFile = arguments.ConfigFilePath is not null;
        if (explicitFile && Directory.Exists(path))
            throw new ConfigurationProblemException($"configuration file '{arguments.ConfigFilePath}' is a directory, not a JSON file");
        if (explicitFile && !File.Exists(path))
            throw new ConfigurationProblemException($"configuration file '{arguments.ConfigFilePath}' does not exist");
        try
        {
            configuration.AddJsonFile(path, optional: !explicitFile, reloadOnChange: false);
        }
        catch (Exception error) when (error is InvalidDataException or FormatException or JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationProblemException($"configuration file '{path}' is not valid: {Innermost(error).Message}");
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine([.. arguments.ConfigurationArguments], new Dictionary<string, string>(HostArgumentParser.ShortConfigurationOptions));
    }

    private static Exception Innermost(Exception error)
    {
        // The provider wraps the parser's message ("... LineNumber: 3 | BytePositionInLine: 7.")
        // in "Failed to load configuration from file"; the inner one names the actual problem.
        while (error.InnerException is not null)
            error = error.InnerException;
        return error;
    }
}
