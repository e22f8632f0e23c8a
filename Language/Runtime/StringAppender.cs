using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// The storage of a string variable that a loop appends to (<c>s += x</c>, <c>s = s + a + b</c>;
/// chosen by <c>Lowering/StringAppends</c>). Strings are immutable, so appending to a plain string
/// copies it every time: building a 100,000-character string one piece at a time took seconds. Here
/// the pieces go into a <see cref="StringBuilder"/>, and the string is made when the variable is
/// read, then kept until the next append, so reading is as cheap as before between appends.
/// </summary>
/// <remarks>
/// Only locals (and script globals no function names) get one, so one thread uses it at a time.
/// The static helpers accept <c>null</c>: a local the generated code has not stored yet reads as
/// <c>""</c>, as a plain string local whose declaration has not run would.
/// </remarks>
public sealed class StringAppender
{
    /// <summary>The value's text once an append has happened; null while the value is <see cref="_text"/> alone.</summary>
    private StringBuilder? _builder;

    /// <summary>The current value, or null after an append until the next read.</summary>
    private string? _text;

    /// <summary>UTF-8 bytes of the current value, or -1 until first asked (<c>s.len()</c> without making the string).</summary>
    private long _utf8Length = -1;

    private StringAppender(string text) => _text = text;

    /// <summary><c>s = value</c>: a fresh appender holding <paramref name="value"/> (no copy).</summary>
    public static StringAppender Of(string value) => new(value);

    /// <summary><c>s += piece</c>; returns the appender to store back (a new one when there was none).</summary>
    public static StringAppender Append(StringAppender? appender, string piece)
    {
        appender ??= new StringAppender(string.Empty);
        appender.Add(piece);
        return appender;
    }

    /// <summary>Reading <c>s</c>.</summary>
    public static string Text(StringAppender? appender) => appender is null ? string.Empty : appender.Value();

    /// <summary><c>s.len()</c>: UTF-8 bytes, kept up to date by each append.</summary>
    public static long Utf8Length(StringAppender? appender)
    {
        if (appender is null)
        {
            return 0;
        }

        if (appender._utf8Length < 0)
        {
            appender._utf8Length = Utf8Positions.ByteLength(appender.Value());
        }

        return appender._utf8Length;
    }

    private void Add(string piece)
    {
        if (piece.Length == 0)
        {
            return;
        }

        if (_builder is null)
        {
            string start = _text!;
            _builder = new StringBuilder(start, Math.Max(16, start.Length + piece.Length));
        }

        try
        {
            _builder.Append(piece);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Past StringBuilder's capacity (int.MaxValue characters): the same failure as string.Concat's.
            throw new OutOfMemoryException();
        }

        _text = null;
        // A piece starting with the second half of a surrogate pair may complete the previous piece's
        // character (4 bytes, not 3 + 3): count afresh at the next len() then.
        _utf8Length = _utf8Length < 0 || char.IsLowSurrogate(piece[0]) ? -1 : _utf8Length + Utf8Positions.ByteLength(piece.AsSpan());
    }

    private string Value() => _text ??= _builder!.ToString();
}
