namespace Wyn.Host.Bench;

/// <summary>
/// The results folder is written all at once or not at all: files go into a hidden staging folder
/// next to it (same file system, so the final move is a rename), which replaces the folder only
/// when everything is written. A crash or Ctrl+C leaves the previous results untouched.
/// </summary>
internal sealed class ResultsFolder : IDisposable
{
    private readonly string _target;
    private bool _committed;

    private ResultsFolder(string target, string staging)
    {
        _target = target;
        Staging = staging;
    }

    /// <summary>Where to write the files until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    public static ResultsFolder Begin(string target)
    {
        string parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(target)) ?? ".";
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(Path.TrimEndingDirectorySeparator(target))}.partial-{Environment.ProcessId}");
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        return new ResultsFolder(target, staging);
    }

    /// <summary>Puts the staged files in place of the folder (the previous results are replaced).</summary>
    public void Commit()
    {
        string? previous = null;
        if (Directory.Exists(_target))
        {
            previous = $"{Staging}.previous";
            Directory.Move(_target, previous);
        }
        Directory.Move(Staging, _target);
        _committed = true;
        if (previous is not null)
            Directory.Delete(previous, recursive: true);
    }

    /// <summary>
    /// Why <paramref name="folder"/> must not be the results folder, or null. It is replaced as a
    /// whole, so it must be new, empty, or a previous results folder: holding only what the bench
    /// writes there. Never the working directory, one of its parents, or the folder of the
    /// experiment file (sweep 7: <c>"results": "."</c> emptied the working directory).
    /// </summary>
    public static string? Problem(string folder, string workingDirectory, string experimentFile)
    {
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (Contains(target, Path.GetFullPath(workingDirectory)))
            return "is the working directory or one of its parents; the results folder is replaced as a whole, so name a folder of its own (e.g. \"results/NAME\")";
        if (Contains(target, Path.GetFullPath(experimentFile)))
            return "holds the experiment file; the results folder is replaced as a whole, so name a folder of its own (e.g. \"results/NAME\")";
        if (!Directory.Exists(target))
            return null;
        string? foreign = Directory.EnumerateFileSystemEntries(target).Where(entry => !IsBenchOutput(entry)).Order(StringComparer.Ordinal).FirstOrDefault();
        return foreign is null
            ? null
            : $"holds '{Path.GetFileName(foreign)}', which the bench did not write; the results folder is replaced as a whole, so name a new or empty folder, or the results folder of an earlier run";
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    private static bool Contains(string folder, string path)
    {
        string full = Path.TrimEndingDirectorySeparator(path);
        return full == folder || full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || folder == Path.GetPathRoot(folder);
    }

    /// <summary>A file the bench writes into a results folder.</summary>
    private static bool IsBenchOutput(string entry)
    {
        if (!File.Exists(entry))
            return false;
        string name = Path.GetFileName(entry);
        return name == CsvResultsWriter.FileName
            || name == JsonResultsWriter.FileName
            || (name.EndsWith(".png", StringComparison.Ordinal)
                && (name.StartsWith(ChartWriter.ThroughputPrefix, StringComparison.Ordinal) || name.StartsWith(ChartWriter.BarsPrefix, StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Staging))
            Directory.Delete(Staging, recursive: true);
    }
}
