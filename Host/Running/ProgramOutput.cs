using System.Text;

namespace Wyn.Host.Running;

/// <summary>
/// The Wyn program's stdout and stderr. Stdout is buffered when it is redirected (a pipe or a file:
/// many small println calls would otherwise be one system call each) and flushed per write on a
/// terminal, like C's stdio — but unlike stdio, buffered output is also flushed every
/// <see cref="FlushInterval"/>, so a long-running program's progress reaches a pipe (a log
/// collector, a test waiting for a line) without waiting for 64 KiB. Stderr is unbuffered and
/// flushes stdout before each write. When stdout fails (its reader has gone, the disk is full) the
/// program's later output is dropped and <see cref="StdoutBroken"/> is cancelled, so that wyn-host
/// stops the program instead of letting it print into nothing for ever.
/// </summary>
internal sealed class ProgramOutput : IDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly Timer? _flusher;
    private readonly StreamWriter _stdout;
    private readonly StreamWriter _stderr;
    private readonly StdoutStream _stdoutStream;
    private readonly CancellationTokenSource _stdoutBroken = new();

    public ProgramOutput()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        _stdoutStream = new StdoutStream(OnStdoutFailure);
        _stdout = new StreamWriter(_stdoutStream, utf8, bufferSize: 64 * 1024)
        {
            AutoFlush = !Console.IsOutputRedirected,
            NewLine = "\n",
        };
        _stderr = new StreamWriter(QuietStream.OverStandardError(), utf8, bufferSize: 4 * 1024)
        {
            AutoFlush = true,
            NewLine = "\n",
        };
        Out = new GatedWriter(_stdout, _gate);
        Error = new GatedWriter(_stderr, _gate, beforeWrite: _stdout.Flush);
        if (!_stdout.AutoFlush)
            _flusher = new Timer(static state => ((TextWriter)state!).Flush(), Out, FlushInterval, FlushInterval);
    }

    /// <summary>The program's stdout.</summary>
    public TextWriter Out { get; }

    /// <summary>The program's stderr (panics, deadlock reports).</summary>
    public TextWriter Error { get; }

    /// <summary>Cancelled when a write to stdout failed.</summary>
    public CancellationToken StdoutBroken => _stdoutBroken.Token;

    /// <summary>The first error writing to stdout, or null.</summary>
    public Exception? StdoutFailure => _stdoutStream.Failure;

    /// <summary>True when stdout failed because the reader of the pipe has gone (EPIPE).</summary>
    public bool StdoutReaderGone => _stdoutStream.ReaderGone;

    /// <summary>Writes everything buffered so far.</summary>
    public void Flush()
    {
        Out.Flush();
        Error.Flush();
    }

    /// <summary>Flushes, then drops every later write of the program (used when wyn-host is stopped by a signal).</summary>
    public void Silence()
    {
        Out.Close();
        Error.Close();
    }

    private void OnStdoutFailure(Exception error)
    {
        // Runs inside a write, under the writers' lock: the program's stderr is silenced (like a
        // process killed by SIGPIPE, it says nothing more), and the program is stopped from another
        // thread, so that no cancellation callback runs under the lock.
        Error.Close();
        ThreadPool.QueueUserWorkItem(static broken =>
        {
            try
            {
                broken.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // wyn-host has finished with the output already.
            }
        }, _stdoutBroken, preferLocal: false);
    }

    public void Dispose()
    {
        _flusher?.Dispose();
        Silence();
        _stdout.Dispose();
        _stderr.Dispose();
        _stdoutBroken.Dispose();
    }
}
