namespace Wyn.Host.Running;

/// <summary>
/// Base of wyn-host's own output streams (<see cref="StdoutStream"/>, <see cref="QuietStream"/>):
/// write-only, unseekable, and the one rule for which exceptions mean "this output is gone".
/// </summary>
internal abstract class WriteOnlyStream : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>True for the exceptions a write to a closed, full or missing output throws.</summary>
    protected static bool IsWriteFailure(Exception error) =>
        error is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException;
}
