using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Maps Wyn string positions (UTF-8 byte offsets, see README) onto .NET UTF-16 strings.
/// </summary>
/// <remarks>
/// Short prefixes are answered directly (one vectorized ASCII check). Beyond that, each thread keeps
/// the map of the last string it indexed, so the usual <c>for i in 0..s.len() { s[i] }</c> loop costs
/// O(n) in total instead of O(n²): an ASCII string needs no map at all (byte offset == char index);
/// other strings get a byte → char table, built once.
/// </remarks>
internal static class Utf8Positions
{
    /// <summary>Prefixes up to this length are checked directly; longer ones go through the per-thread map.</summary>
    private const int DirectPrefixLimit = 32;

    [ThreadStatic] private static PositionMap? t_lastMap;

    /// <summary>
    /// UTF-8 length of <paramref name="s"/>. A long string that this thread indexed last answers from its
    /// map, so <c>while i < s.len() { … s[i] … }</c> over a non-ASCII string is not O(n) per step.
    /// </summary>
    public static int ByteLength(string s)
    {
        if (s.Length > DirectPrefixLimit && t_lastMap is { } map && ReferenceEquals(map.Source, s))
        {
            return map.ByteLength;
        }

        return Encoding.UTF8.GetByteCount(s);
    }

    public static int ByteLength(ReadOnlySpan<char> s) => Encoding.UTF8.GetByteCount(s);

    /// <summary>True when byte offsets up to <paramref name="byteOffset"/> equal char indexes (the prefix is ASCII).</summary>
    public static bool IsAsciiPrefix(string s, int byteOffset)
    {
        if (byteOffset > s.Length)
        {
            return false;
        }

        return byteOffset <= DirectPrefixLimit ? Ascii.IsValid(s.AsSpan(0, byteOffset)) : MapFor(s).IsAscii;
    }

    /// <summary>
    /// UTF-16 index of the first character whose UTF-8 encoding starts at or after byte
    /// <paramref name="byteOffset"/> (s.Length when none); <paramref name="startsExactly"/> tells
    /// whether a character starts exactly at that byte. Requires 0 &lt;= byteOffset &lt;= byte length.
    /// </summary>
    public static int CharIndexAtOrAfter(string s, int byteOffset, out bool startsExactly)
    {
        if (IsAsciiPrefix(s, byteOffset))
        {
            startsExactly = true;
            return byteOffset;
        }

        return MapFor(s).CharIndexAtOrAfter(byteOffset, out startsExactly);
    }

    /// <summary>Number of UTF-16 chars of the scalar starting at <paramref name="charIndex"/> (2 for a surrogate pair).</summary>
    public static int ScalarLength(string s, int charIndex) =>
        char.IsHighSurrogate(s[charIndex]) && charIndex + 1 < s.Length && char.IsLowSurrogate(s[charIndex + 1]) ? 2 : 1;

    private static PositionMap MapFor(string s)
    {
        PositionMap? map = t_lastMap;
        if (map is null)
        {
            map = new PositionMap();
            t_lastMap = map;
        }

        if (!ReferenceEquals(map.Source, s))
        {
            map.Build(s);
        }

        return map;
    }

    /// <summary>Byte-offset → char-index table of one string (reused per thread).</summary>
    private sealed class PositionMap
    {
        private int[] charIndexOfByte = [];   // char index of the character starting at each byte; -1 inside a character
        private int byteLength;

        public string? Source { get; private set; }

        /// <summary>UTF-8 length of <see cref="Source"/>.</summary>
        public int ByteLength => byteLength;

        public bool IsAscii { get; private set; }

        public void Build(string s)
        {
            // Source is set last: a map is never taken for a string whose table is half built.
            Source = null;
            IsAscii = Ascii.IsValid(s);
            if (IsAscii)
            {
                byteLength = s.Length;
                Source = s;
                return;
            }

            byteLength = Encoding.UTF8.GetByteCount(s);
            if (charIndexOfByte.Length < byteLength + 1)
            {
                charIndexOfByte = new int[byteLength + 1];
            }

            int bytes = 0;
            for (int charIndex = 0; charIndex < s.Length;)
            {
                Rune.DecodeFromUtf16(s.AsSpan(charIndex), out Rune rune, out int charsConsumed);
                int length = rune.Utf8SequenceLength;
                charIndexOfByte[bytes] = charIndex;
                for (int k = 1; k < length; k++)
                {
                    charIndexOfByte[bytes + k] = -1;
                }

                bytes += length;
                charIndex += charsConsumed;
            }

            charIndexOfByte[byteLength] = s.Length;
            Source = s;
        }

        public int CharIndexAtOrAfter(int byteOffset, out bool startsExactly)
        {
            int offset = byteOffset;
            while (charIndexOfByte[offset] < 0)
            {
                offset++;   // at most 3 steps: the rest of a multi-byte character
            }

            startsExactly = offset == byteOffset;
            return charIndexOfByte[offset];
        }
    }
}
