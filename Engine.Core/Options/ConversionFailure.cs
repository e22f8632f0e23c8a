using System.Text.RegularExpressions;

namespace Wyn.Engine;

/// <summary>
/// Rewords the configuration binder's conversion failure ("Failed to convert configuration value
/// 'many' at 'Wyn:Engine:Workers' to type 'System.Int32'.") the way the engine's own validation
/// reports a bad value: the key, the value, and what is allowed, with no .NET type names. Used by
/// <see cref="WynEngineServiceCollectionExtensions.AddWynEngine(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
/// and by wyn-host.
/// </summary>
internal static partial class ConversionFailure
{
    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderMessage();

    /// <summary>The reworded message, or <paramref name="binderMessage"/> unchanged when it is not a conversion failure.</summary>
    public static string Describe(string binderMessage)
    {
        Match match = BinderMessage().Match(binderMessage);
        if (!match.Success)
            return binderMessage;
        string key = match.Groups["key"].Value;
        string value = match.Groups["value"].Value;
        return $"{key}: '{value}' is not allowed; it must be {Expected(key, match.Groups["type"].Value, value)}.";
    }

    private static string Expected(string key, string typeName, string value)
    {
        string property = key[(key.LastIndexOf(':') + 1)..];
        Type? type = typeof(EngineOptions).GetProperty(property)?.PropertyType;
        if (type is { IsEnum: true })
            return "one of: " + string.Join(", ", Enum.GetNames(type));
        return typeName switch
        {
            "System.Int32" when long.TryParse(value, out _) => "a whole number from -2,147,483,648 to 2,147,483,647",
            "System.Int32" or "System.Int64" => "a whole number",
            "System.TimeSpan" => "a duration such as 00:00:30 (hh:mm:ss)",
            "System.Boolean" => "true or false",
            _ => $"a value of type {typeName}",
        };
    }
}
