using System.Text;

namespace Wyn.Host.Running;

/// <summary>
/// The Wyn program's stdout and stderr. Stdout is buffered when it is redirected (a pipe or a file:
/// many small println calls would otherwise be one system call each) and flushed per write on a
/// terminal, like C's stdio — but unlike stdio, buffered output is also flushed every
/// <see cref="FlushInterval"/>, so a long-running program's progress reaches a pipe (a log
/// collector, a test waiting for a line) without waiting for 64 KiB. Stderr is unbuffered and
/// flushes stdout before each write.
/// </summary>
internal sealed class ProgramOutput : IDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly Timer? _flusher;
    private readonly StreamWriter _stdout;
    private readonly StreamWriter _stderr;

    public ProgramOutput()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        _stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, bufferSize: 64 * 1024)
        {
            AutoFlush = !Console.IsOutputRedirected,
            NewLine = "\n",
        };
        _stderr = new StreamWriter(Console.OpenStandardError(), utf8, bufferSize: 4 * 1024)
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

    public void Dispose()
    {
        _flusher?.Dispose();
        Silence();
        _stdout.Dispose();
        _stderr.Dispose();
    }
}
