using System.Reflection;
using Microsoft.Extensions.Configuration;
using Wyn.Engine;

namespace Wyn.Host.Configuration;

/// <summary>
/// Rejects keys under <c>Wyn</c> that nothing reads — the binder would silently ignore a typo such as
/// <c>--Wyn:Engine:Worker=1</c>, and the user would wonder why nothing changed.
/// </summary>
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
        foreach (IConfigurationSection child in configuration.GetSection(RootSection).GetChildren())
        {
            if (!string.Equals(child.Key, "Engine", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"unknown configuration key '{child.Path}'; the only section under '{RootSection}' is '{EngineOptions.SectionName}'");
                continue;
            }
            foreach (IConfigurationSection key in child.GetChildren())
            {
                if (!s_engineKeys.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
                    problems.Add($"unknown configuration key '{key.Path}'; the keys of {EngineOptions.SectionName} are: {string.Join(", ", s_engineKeys)}");
            }
        }
        if (problems.Count > 0)
            throw new ConfigurationProblemException(string.Join(Environment.NewLine, problems));
    }
}
