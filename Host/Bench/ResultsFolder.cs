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

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Staging))
            Directory.Delete(Staging, recursive: true);
    }
}
