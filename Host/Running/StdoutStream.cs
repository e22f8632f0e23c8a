using System.Runtime.InteropServices;

namespace Wyn.Host.Running;

/// <summary>
/// The process's stdout as a write-only stream that never throws: the first write error is kept in
/// <see cref="Failure"/>, reported once through the callback, and every later write is dropped.
/// </summary>
/// <remarks>
/// On Unix it writes to file descriptor 1 with <c>write(2)</c> itself, because .NET's console stream
/// silently ignores EPIPE: a program printing in a loop, piped into <c>head</c>, then ran for ever
/// with nobody reading. (A <c>FileStream</c> over descriptor 1 would see EPIPE, but it writes at its
/// own file position with <c>pwrite</c>, which overwrites stderr's lines when both go to one file.)
/// </remarks>
internal sealed class StdoutStream(Action<Exception> onFailure) : WriteOnlyStream
{
    /// <summary>errno of a write to a pipe whose reader has gone (Linux and macOS).</summary>
    public const int BrokenPipe = 32;

    private const int Interrupted = 4;

    private readonly Stream? _console = OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : null;

    /// <summary>Stdout was closed when the process started (<c>&gt;&amp;-</c>): descriptor 1 may be one of the runtime's own files.</summary>
    private readonly bool _closedAtStart = !StandardDescriptor.WasInherited(StandardDescriptor.Output);
    private int _failed;

    /// <summary>The first write error, or null while every write succeeded.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>True when the failure is EPIPE: the reader of a pipe (e.g. <c>head</c>) has gone.</summary>
    public bool ReaderGone => Failure is IOException { HResult: BrokenPipe };

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Volatile.Read(ref _failed) != 0)
            return;
        try
        {
            if (_closedAtStart)
                throw new IOException("Bad file descriptor (stdout was closed when wyn-host started)", StandardDescriptor.BadDescriptor);
            if (_console is not null)
                _console.Write(buffer);
            else
                WriteAll(buffer);
        }
        catch (Exception error) when (IsWriteFailure(error))
        {
            if (Interlocked.Exchange(ref _failed, 1) == 0)
            {
                Failure = error;
                onFailure(error);
            }
        }
    }

    public override void Flush()
    {
        // Writes go straight to the descriptor; nothing is held here.
    }

    private static void WriteAll(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written = Write(1, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Interrupted)
                continue;
            if (errno == (OperatingSystem.IsMacOS() ? 35 : 11))
            {
                // EAGAIN: someone made the descriptor non-blocking; wait until it takes more.
                Thread.Sleep(1);
                continue;
            }
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
    }

    // DllImport rather than LibraryImport: the latter's generated code needs unsafe blocks, which this repository keeps off.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Write(int descriptor, ref byte buffer, nuint count);
#pragma warning restore SYSLIB1054

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _console?.Dispose();
        base.Dispose(disposing);
    }
}
