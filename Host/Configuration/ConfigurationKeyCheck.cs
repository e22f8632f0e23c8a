using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Wyn.Engine;

namespace Wyn.Host.Configuration;

/// <summary>
/// Rejects configuration that nothing reads — the binder would silently ignore a typo such as
/// <c>--Wyn:Engine:Worker=1</c> or <c>--Wny:Engine:Workers=1</c>, a value where a section belongs
/// (<c>"Wyn": 5</c>) or a list where a value belongs (<c>"Workers": [1, 2]</c>), and the user would
/// wonder why nothing changed.
/// </summary>
/// <remarks>
/// Keys outside <c>Wyn</c> are rejected when they come from the command line or the configuration
/// file; from the environment they are left alone, because other tools share the <c>WYN_</c> prefix
/// (<c>WYN_HOST_BIN</c>, <c>WYN_STRESS</c>, <c>WYN_HOST_NO_R2R</c>).
/// </remarks>
internal static class ConfigurationKeyCheck
{
    private const string RootSection = "Wyn";

    private static readonly string[] s_engineKeys = typeof(EngineOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .Select(p => p.Name)
        .ToArray();

    /// <summary>The keys of <c>Wyn:Engine</c>, in declaration order.</summary>
    public static IReadOnlyList<string> EngineKeys => s_engineKeys;

    public static void Check(IConfiguration configuration)
    {
        var problems = new List<string>();
        if (configuration is IConfigurationRoot root)
            CheckTopLevelKeys(root, problems);

        IConfigurationSection wyn = configuration.GetSection(RootSection);
        NoValue(wyn, problems);
        foreach (IConfigurationSection child in wyn.GetChildren())
        {
            if (!string.Equals(child.Key, "Engine", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"unknown configuration key '{child.Path}'; the only section under '{RootSection}' is '{EngineOptions.SectionName}'");
                continue;
            }
            NoValue(child, problems);
            foreach (IConfigurationSection key in child.GetChildren())
            {
                if (!s_engineKeys.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
                    problems.Add($"unknown configuration key '{key.Path}'; the keys of {EngineOptions.SectionName} are: {string.Join(", ", s_engineKeys)}");
                else if (key.GetChildren().Any())
                    problems.Add($"{key.Path}: a list or an object is not allowed; it must be a single value");
                else if (string.IsNullOrEmpty(key.Value))
                    // `"Workers": null` (or `--Wyn:Engine:Workers=`) binds as 0 and used to be reported as
                    // "Workers: 0 is not allowed", a value the user never wrote.
                    problems.Add($"{key.Path}: no value (null or empty) is not allowed; give a value, or remove the key to keep the default");
                else if (BareDurationProblem(key.Key, key.Value) is { } problem)
                    problems.Add($"{key.Path}: {problem}");
            }
        }
        if (problems.Count > 0)
            throw new ConfigurationProblemException(string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// A duration written as a bare number (<c>ShutdownTimeout=5</c>): TimeSpan reads it as days, which
    /// is never what was meant, so it is refused rather than silently turned into 5 days.
    /// </summary>
    /// <remarks>Also used for the option overrides of <c>bench</c> variants, which are bound the same way.</remarks>
    /// <returns>The message (without the key), or null when the value is not such a number.</returns>
    public static string? BareDurationProblem(string key, string? value) =>
        typeof(EngineOptions).GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType == typeof(TimeSpan)
        && value?.Trim() is { Length: > 0 } trimmed && trimmed.All(char.IsAsciiDigit)
            ? $"'{value}' is not allowed; write the unit: {SecondsHint(trimmed)} (a bare number would be read as days)"
            : null;

    private static string SecondsHint(string digits) =>
        int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds)
            ? $"{TimeSpan.FromSeconds(seconds):c} is {seconds} seconds"
            : "hh:mm:ss, e.g. 00:00:30";

    /// <summary>A section that holds a value instead of keys (<c>"Wyn": 5</c>, <c>--Wyn:Engine=1</c>) would be ignored.</summary>
    private static void NoValue(IConfigurationSection section, List<string> problems)
    {
        if (!string.IsNullOrEmpty(section.Value))
            problems.Add($"{section.Path}: '{section.Value}' is not allowed; it is a section (e.g. {EngineOptions.SectionName}:Workers), not a value");
    }

    private static void CheckTopLevelKeys(IConfigurationRoot root, List<string> problems)
    {
        foreach (IConfigurationProvider provider in root.Providers)
        {
            string? source = provider switch
            {
                CommandLineConfigurationProvider => "on the command line",
                JsonConfigurationProvider json => $"in configuration file '{FilePath(json.Source)}'",
                _ => null,
            };
            if (source is null)
                continue;
            foreach (string key in provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!string.Equals(key, RootSection, StringComparison.OrdinalIgnoreCase))
                    problems.Add($"unknown configuration key '{FirstLeaf(provider, key)}' {source}; every key is under '{RootSection}' (e.g. {EngineOptions.SectionName}:Workers)");
            }
        }
    }

    private static string? FilePath(FileConfigurationSource source) =>
        source.FileProvider is PhysicalFileProvider files && source.Path is not null ? Path.Combine(files.Root, source.Path) : source.Path;

    /// <summary>The full path of the first value under <paramref name="path"/>, to name the key as the user wrote it.</summary>
    private static string FirstLeaf(IConfigurationProvider provider, string path)
    {
        while (provider.GetChildKeys([], path).FirstOrDefault() is { } child)
            path = $"{path}:{child}";
        return path;
    }
}
