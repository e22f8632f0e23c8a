using System.Runtime.InteropServices;

namespace Wyn.Host.Running;

/// <summary>
/// Tells whether a standard descriptor (0 stdin, 1 stdout, 2 stderr) was open when wyn-host started.
/// </summary>
/// <remarks>
/// When the process starts with one closed (<c>wyn-host - &lt;&amp;-</c>), the runtime's own first files
/// take the free number before <c>Main</c> runs: the read end of the runtime's signal pipe became
/// descriptor 0, so reading "standard input" waited on that pipe for ever, and with stdout closed too
/// the program's output went into the pipe's write end (exit 0, output lost). Descriptors the runtime
/// opens are close-on-exec; a descriptor inherited across <c>exec</c> never is (a close-on-exec one
/// would have been closed by it), so <c>FD_CLOEXEC</c> tells the two apart. Unix only; on Windows
/// every descriptor counts as inherited.
/// </remarks>
internal static class StandardDescriptor
{
    public const int Input = 0;
    public const int Output = 1;
    public const int Error = 2;

    /// <summary>errno for a descriptor that is not open (Linux and macOS).</summary>
    public const int BadDescriptor = 9;

    private const int GetDescriptorFlags = 1;   // F_GETFD (Linux and macOS)
    private const int CloseOnExec = 1;          // FD_CLOEXEC

    /// <summary>True unless <paramref name="descriptor"/> was closed when the process started.</summary>
    public static bool WasInherited(int descriptor)
    {
        if (OperatingSystem.IsWindows())
            return true;
        int flags = GetFlags(descriptor, GetDescriptorFlags);
        return flags >= 0 && (flags & CloseOnExec) == 0;
    }

    // DllImport rather than LibraryImport: the latter's generated code needs unsafe blocks, which this repository keeps off.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetFlags(int descriptor, int command);
#pragma warning restore SYSLIB1054
}
