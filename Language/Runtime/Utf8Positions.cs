using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Maps Wyn string positions (UTF-8 byte offsets, see README) onto .NET UTF-16 strings.
/// The common case — every character before the position is ASCII — is answered by one vectorized
/// ASCII check; only non-ASCII text walks the string scalar by scalar.
/// </summary>
internal static class Utf8Positions
{
    public static int ByteLength(string s) => Encoding.UTF8.GetByteCount(s);

    public static int ByteLength(ReadOnlySpan<char> s) => Encoding.UTF8.GetByteCount(s);

    /// <summary>
    /// UTF-16 index of the first character whose UTF-8 encoding starts at or after byte
    /// <paramref name="byteOffset"/> (s.Length when none). <paramref name="startsExactly"/> tells
    /// whether a character starts exactly at that byte.
    /// </summary>
    public static int CharIndexAtOrAfter(string s, int byteOffset, out bool startsExactly)
    {
        if (byteOffset <= s.Length && Ascii.IsValid(s.AsSpan(0, byteOffset)))
        {
            startsExactly = true;
            return byteOffset;
        }

        int bytes = 0;
        int charIndex = 0;
        while (charIndex < s.Length && bytes < byteOffset)
        {
            Rune.DecodeFromUtf16(s.AsSpan(charIndex), out Rune rune, out int charsConsumed);
            bytes += rune.Utf8SequenceLength;
            charIndex += charsConsumed;
        }

        startsExactly = bytes == byteOffset;
        return charIndex;
    }

    /// <summary>Number of UTF-16 chars of the scalar starting at <paramref name="charIndex"/> (2 for a surrogate pair).</summary>
    public static int ScalarLength(string s, int charIndex) =>
        char.IsHighSurrogate(s[charIndex]) && charIndex + 1 < s.Length && char.IsLowSurrogate(s[charIndex + 1]) ? 2 : 1;
}
