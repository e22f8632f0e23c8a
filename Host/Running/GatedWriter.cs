using System.Text;

namespace Wyn.Host.Running;

/// <summary>
/// A thread-safe writer for one of the program's streams. Every call is one write under a lock
/// shared by stdout and stderr (so a line never mixes with another), an optional action runs
/// before each write (stderr flushes stdout first, keeping their order in a shared terminal or
/// file), and after <see cref="Close"/> writes are dropped: once wyn-host has been told to stop,
/// the program's late output (e.g. tasks failing because the engine was cancelled) is not shown.
/// </summary>
internal sealed class GatedWriter(TextWriter inner, object gate, Action? beforeWrite = null) : TextWriter
{
    private bool _closed;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // nullability of the overridden setter: TextWriter accepts null and means the default
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value)
    {
        lock (gate)
        {
            if (_closed)
                return;
            beforeWrite?.Invoke();
            inner.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (gate)
        {
            if (_closed)
                return;
            beforeWrite?.Invoke();
            inner.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (gate)
        {
            if (_closed)
                return;
            beforeWrite?.Invoke();
            inner.Write(buffer, index, count);
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (gate)
        {
            if (_closed)
                return;
            beforeWrite?.Invoke();
            inner.Write(buffer);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (gate)
        {
            if (_closed)
                return;
            beforeWrite?.Invoke();
            inner.WriteLine(value);
        }
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        lock (gate)
        {
            if (_closed)
                return;
            beforeWrite?.Invoke();
            inner.WriteLine(buffer);
        }
    }

    public override void Flush()
    {
        lock (gate)
        {
            if (!_closed) // a closed writer was flushed when it closed, and its stream may be gone
                inner.Flush();
        }
    }

    /// <summary>Flushes what was written so far and drops every later write.</summary>
    public override void Close()
    {
        lock (gate)
        {
            if (_closed)
                return;
            _closed = true;
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Close();
        base.Dispose(disposing);
    }
}
