namespace Wyn.Host.Configuration;

/// <summary>The configuration cannot be used; reported as one line per problem and exit code 78.</summary>
internal sealed class ConfigurationProblemException(string message) : Exception(message);
