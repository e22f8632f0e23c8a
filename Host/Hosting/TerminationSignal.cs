using System.Runtime.InteropServices;

namespace Wyn.Host.Hosting;

/// <summary>Remembers the first stop signal wyn-host received; its exit code is 128 + the signal number.</summary>
internal sealed class TerminationSignal
{
    private int _exitCode;

    /// <summary>True once SIGINT or SIGTERM arrived.</summary>
    public bool Received => Volatile.Read(ref _exitCode) != 0;

    /// <summary>130 for SIGINT, 143 for SIGTERM, 0 when no signal arrived.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>Records <paramref name="signal"/>; false when a signal was recorded before (the user insists).</summary>
    public bool TryRecord(PosixSignal signal)
    {
        int code = signal switch
        {
            PosixSignal.SIGINT => ExitCodes.Interrupted,
            PosixSignal.SIGTERM => ExitCodes.Terminated,
            PosixSignal.SIGQUIT => 131,
            _ => 129,
        };
        return Interlocked.CompareExchange(ref _exitCode, code, 0) == 0;
    }
}
