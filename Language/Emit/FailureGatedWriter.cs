using System.Text;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// The program's stdout as the runtime sees it: writes pass through until the run has failed, then
/// are dropped, so nothing appears after "panic at …" from tasks (or main) that are still running.
/// </summary>
internal sealed class FailureGatedWriter(TextWriter inner) : TextWriter
{
    public WynContext? Context { get; set; }

    public override Encoding Encoding => inner.Encoding;

    private bool IsOpen => Context?.Failure is null;

    public override void Write(char value)
    {
        if (IsOpen)
        {
            inner.Write(value);
        }
    }

    public override void Write(string? value)
    {
        if (IsOpen)
        {
            inner.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (IsOpen)
        {
            inner.Write(buffer, index, count);
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (IsOpen)
        {
            inner.Write(buffer);
        }
    }

    public override void Flush() => inner.Flush();
}
