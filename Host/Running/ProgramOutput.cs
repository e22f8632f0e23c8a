using System.Text;

namespace Wyn.Host.Running;

/// <summary>
/// The Wyn program's stdout and stderr. Stdout is buffered when it is redirected (a pipe or a file:
/// many small println calls would otherwise be one system call each) and flushed per write on a
/// terminal, like C's stdio; stderr is unbuffered and flushes stdout before each write.
/// </summary>
internal sealed class ProgramOutput : IDisposable
{
    private readonly object _gate = new();
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
        Silence();
        _stdout.Dispose();
        _stderr.Dispose();
    }
}
