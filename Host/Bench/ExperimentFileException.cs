namespace Wyn.Host.Bench;

/// <summary>The experiment file is malformed or names something that does not exist; exit code 78.</summary>
internal sealed class ExperimentFileException(string filePath, string field, string problem)
    : Exception($"invalid experiment file '{filePath}': {field}: {problem}")
{
    public string Field { get; } = field;
}
