namespace Wyn.Host.Running;

/// <summary>
/// A write-only stream over stderr that drops what cannot be written. wyn-host reports problems on
/// stderr, so when stderr itself is closed or full (<c>2&gt;&amp;-</c>, <c>2&gt;/dev/full</c>) there is
/// nobody left to tell; the process must still end with its exit code instead of aborting on an
/// exception thrown while reporting another one.
/// </summary>
internal sealed class QuietStream(Stream inner) : WriteOnlyStream
{
    private volatile bool _failed;

    /// <summary>Standard error as a writer that never throws, flushed on every write.</summary>
    public static TextWriter StandardErrorWriter() =>
        new StreamWriter(OverStandardError(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1024)
        {
            AutoFlush = true,
        };

    /// <summary>
    /// Standard error as a stream that never throws. Closed at start (<c>2&gt;&amp;-</c>), descriptor 2 may be
    /// one of the runtime's own files (<see cref="StandardDescriptor"/>), so nothing is written.
    /// </summary>
    public static QuietStream OverStandardError() =>
        new(StandardDescriptor.WasInherited(StandardDescriptor.Error) ? Console.OpenStandardError() : Null);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_failed)
            return;
        try
        {
            inner.Write(buffer);
        }
        catch (Exception error) when (IsWriteFailure(error))
        {
            _failed = true;
        }
    }

    public override void Flush()
    {
        if (_failed)
            return;
        try
        {
            inner.Flush();
        }
        catch (Exception error) when (IsWriteFailure(error))
        {
            _failed = true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
