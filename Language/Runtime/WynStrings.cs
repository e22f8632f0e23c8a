using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Wyn string operations. Positions are UTF-8 byte offsets (consistent with <c>len</c>); see the
/// README for how indexing treats bytes inside a multi-byte character.
/// </summary>
public static class WynStrings
{
    /// <summary>Interned one-character strings for ASCII, so <c>s[i]</c> loops do not allocate.</summary>
    private static readonly string[] AsciiCharacters = CreateAsciiCharacters();

    public static long Len(string s) => Utf8Positions.ByteLength(s);

    public static string At(string s, long index, int line)
    {
        // Fast path: ASCII prefix up to the index, so byte offset == char index.
        if ((ulong)index < (ulong)s.Length && Utf8Positions.IsAsciiPrefix(s, (int)index))
        {
            return CharacterAt(s, (int)index);
        }

        long length = Len(s);
        long resolved = index < 0 ? index + length : index;
        if ((ulong)resolved >= (ulong)length)
        {
            throw new WynPanicException($"index {index} out of range for string of length {length}", line);
        }

        int charIndex = Utf8Positions.CharIndexAtOrAfter(s, (int)resolved, out bool startsExactly);
        return startsExactly ? CharacterAt(s, charIndex) : string.Empty;
    }

    public static string Upper(string s) => s.ToUpperInvariant();

    public static string Lower(string s) => s.ToLowerInvariant();

    public static string Trim(string s) => s.Trim();

    public static bool Contains(string s, string sub) => s.Contains(sub, StringComparison.Ordinal);

    public static bool StartsWith(string s, string prefix) => s.StartsWith(prefix, StringComparison.Ordinal);

    public static bool EndsWith(string s, string suffix) => s.EndsWith(suffix, StringComparison.Ordinal);

    /// <summary>
    /// Replaces every occurrence. An empty <paramref name="oldValue"/> matches before every character and
    /// at the end, as in Python and Go (<c>"abc".replace("", "-")</c> is <c>-a-b-c-</c>).
    /// </summary>
    public static string Replace(string s, string oldValue, string newValue)
    {
        if (oldValue.Length != 0)
        {
            return s.Replace(oldValue, newValue, StringComparison.Ordinal);
        }

        var text = new StringBuilder();
        for (int i = 0; i < s.Length; i += Utf8Positions.ScalarLength(s, i))
        {
            text.Append(newValue).Append(s, i, Utf8Positions.ScalarLength(s, i));
        }

        return text.Append(newValue).ToString();
    }

    /// <summary>Keeps empty fields; an empty separator splits into one string per character.</summary>
    public static WynArray<string> Split(string s, string separator)
    {
        if (separator.Length == 0)
        {
            var characters = new WynArray<string>(s.Length);
            for (int i = 0; i < s.Length; i += Utf8Positions.ScalarLength(s, i))
            {
                characters.Push(CharacterAt(s, i));
            }

            return characters;
        }

        return WynArray<string>.FromArray(s.Split(separator, StringSplitOptions.None));
    }

    /// <summary>Characters starting at bytes in [start, end); requires 0 &lt;= start &lt;= end &lt;= len.</summary>
    public static string Substring(string s, long start, long end, int line)
    {
        if (start >= 0 && start <= end && end <= s.Length && Utf8Positions.IsAsciiPrefix(s, (int)end))
        {
            return s.Substring((int)start, (int)(end - start));
        }

        long length = Len(s);
        if (start < 0 || start > end || end > length)
        {
            throw new WynPanicException($"substring({start}, {end}) out of range for string of length {length}", line);
        }

        int from = Utf8Positions.CharIndexAtOrAfter(s, (int)start, out _);
        int to = Utf8Positions.CharIndexAtOrAfter(s, (int)end, out _);
        return s[from..to];
    }

    public static long IndexOf(string s, string sub)
    {
        int charIndex = s.IndexOf(sub, StringComparison.Ordinal);
        return charIndex < 0 ? -1 : Utf8Positions.ByteLength(s.AsSpan(0, charIndex));
    }

    /// <summary>The longest string the runtime can allocate (in UTF-16 units); longer requests are a panic, not an OutOfMemoryException.</summary>
    private const int MaxStringLength = 0x3FFFFFDF;

    /// <summary><c>s * count</c>; a result too long for a string panics at <paramref name="line"/> (the caller's line, like every panic).</summary>
    public static string Repeat(string s, long count, int line)
    {
        if (count <= 0 || s.Length == 0)
        {
            return string.Empty;
        }

        if (count > MaxStringLength / s.Length)
        {
            throw new WynPanicException("string repetition is too large", line);
        }

        try
        {
            return new StringBuilder(s.Length * (int)count).Insert(0, s, (int)count).ToString();
        }
        catch (OutOfMemoryException)
        {
            throw new WynPanicException("out of memory (string repetition)", line);
        }
    }

    public static string Concat(string a, string b) => string.Concat(a, b);

    /// <summary>
    /// Ordinal comparison by Unicode code point, which is also UTF-8 byte order. Plain UTF-16
    /// ordinal order differs only when surrogates meet U+E000..U+FFFF, which is fixed up here.
    /// </summary>
    public static int Compare(string a, string b)
    {
        int common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        int x = a[common];
        int y = b[common];
        if (x >= 0xD800 && y >= 0xD800)
        {
            x = CodePointOrderKey(x);
            y = CodePointOrderKey(y);
        }

        return x - y;
    }

    public static bool Equal(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    public static string Join(WynArray<string> items, string separator)
    {
        var text = new StringBuilder();
        long count = items.Count;
        for (long i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            text.Append(items.Get(i, 0));
        }

        return text.ToString();
    }

    private static string CharacterAt(string s, int charIndex)
    {
        char c = s[charIndex];
        if (c < 128)
        {
            return AsciiCharacters[c];
        }

        return s.Substring(charIndex, Utf8Positions.ScalarLength(s, charIndex));
    }

    /// <summary>Surrogates (D800..DFFF, code points above FFFF) must sort after E000..FFFF.</summary>
    private static int CodePointOrderKey(int c) => c >= 0xE000 ? c - 0x800 : c + 0x2000;

    private static string[] CreateAsciiCharacters()
    {
        var table = new string[128];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = ((char)i).ToString();
        }

        return table;
    }
}
