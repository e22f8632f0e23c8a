namespace Wyn.Host.Running;

/// <summary>
/// A write-only stream over stderr that drops what cannot be written. wyn-host reports problems on
/// stderr, so when stderr itself is closed or full (<c>2&gt;&amp;-</c>, <c>2&gt;/dev/full</c>) there is
/// nobody left to tell; the process must still end with its exit code instead of aborting on an
/// exception thrown while reporting another one.
/// </summary>
internal sealed class QuietStream(Stream inner) : Stream
{
    private volatile bool _failed;

    /// <summary>Standard error as a writer that never throws, flushed on every write.</summary>
    public static TextWriter StandardErrorWriter() =>
        new StreamWriter(new QuietStream(Console.OpenStandardError()), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1024)
        {
            AutoFlush = true,
        };

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_failed)
            return;
        try
        {
            inner.Write(buffer);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
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
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            _failed = true;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
