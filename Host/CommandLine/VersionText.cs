using System.Reflection;

namespace Wyn.Host.CommandLine;

/// <summary>The product version shown by <c>--version</c> and in the help header.</summary>
internal static class VersionText
{
    public static string Version { get; } =
        typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionText).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>One line: the tool, its version and the runtime it runs on.</summary>
    public static string Line => $"wyn-host {Version} (.NET {Environment.Version})";
}
