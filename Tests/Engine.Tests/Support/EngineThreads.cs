namespace Wyn.Engine.Tests.Support;

/// <summary>
/// The engine's worker threads as the operating system sees them. .NET publishes a managed thread's
/// name to the OS thread (truncated to 15 characters on Linux), and /proc/self/task lists every live
/// thread of the process, so counting "wyn-w*" there catches workers that outlive their engine —
/// something no managed API can enumerate.
/// </summary>
public static class EngineThreads
{
    /// <summary>The prefix of every engine worker (and compensation) thread's name.</summary>
    public const string Prefix = "wyn-w";

    /// <summary>Names of the live OS threads of this process that start with <see cref="Prefix"/>.</summary>
    public static List<string> Names()
    {
        var names = new List<string>();
        if (!Directory.Exists("/proc/self/task"))
            return names;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                if (name.StartsWith(Prefix, StringComparison.Ordinal))
                    names.Add(name);
            }
            catch (IOException)
            {
                // The thread exited between the listing and the read: it is not alive.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return names;
    }

    /// <summary>How many engine worker threads are alive now.</summary>
    public static int Count() => Names().Count;

    /// <summary>True when thread names can be read from /proc (Linux); the thread-leak checks need it.</summary>
    public static bool CanObserve => Directory.Exists("/proc/self/task");
}
