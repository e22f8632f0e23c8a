using System.Runtime.InteropServices;

namespace Wyn.Host.Hosting;

/// <summary>Ends the process at once with an exit code: no exit handlers, no waiting for threads (libc <c>_exit</c>).</summary>
internal static class ProcessExit
{
    public static void Now(int exitCode)
    {
        if (OperatingSystem.IsWindows())
            Environment.Exit(exitCode);
        else
            Exit(exitCode);
    }

    // DllImport rather than LibraryImport: the latter's generated code needs unsafe blocks, which this repository keeps off.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void Exit(int exitCode);
#pragma warning restore SYSLIB1054
}
