using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class StringTests
{
    [Theory]
    [InlineData("", 0L)]
    [InlineData("hello", 5L)]
    [InlineData("é", 2L)]
    [InlineData("日本", 6L)]
    [InlineData("😀", 4L)]
    public void Len_counts_utf8_bytes(string s, long expected) => Assert.Equal(expected, WynStrings.Len(s));

    [Fact]
    public void Indexing_ascii_and_negative()
    {
        Assert.Equal("h", WynStrings.At("hello", 0, 1));
        Assert.Equal("o", WynStrings.At("hello", 4, 1));
        Assert.Equal("o", WynStrings.At("hello", -1, 1));
        Assert.Equal("h", WynStrings.At("hello", -5, 1));
        var panic = Assert.Throws<WynPanicException>(() => WynStrings.At("hello", 5, 7));
        Assert.Equal(7, panic.Line);
        Assert.Equal("index 5 out of range for string of length 5", panic.Message);
        Assert.Throws<WynPanicException>(() => WynStrings.At("hello", -6, 1));
        Assert.Throws<WynPanicException>(() => WynStrings.At("", 0, 1));
    }

    [Fact]
    public void Indexing_non_ascii_uses_byte_offsets_and_rebuilds_the_string()
    {
        const string text = "aé日😀b";   // bytes: a(1) é(2) 日(3) 😀(4) b(1) = 11
        Assert.Equal(11L, WynStrings.Len(text));
        Assert.Equal("a", WynStrings.At(text, 0, 1));
        Assert.Equal("é", WynStrings.At(text, 1, 1));
        Assert.Equal(string.Empty, WynStrings.At(text, 2, 1));
        Assert.Equal("日", WynStrings.At(text, 3, 1));
        Assert.Equal("😀", WynStrings.At(text, 6, 1));
        Assert.Equal(string.Empty, WynStrings.At(text, 9, 1));
        Assert.Equal("b", WynStrings.At(text, 10, 1));
        Assert.Equal("b", WynStrings.At(text, -1, 1));

        string rebuilt = string.Empty;
        for (long i = 0; i < WynStrings.Len(text); i++)
        {
            rebuilt += WynStrings.At(text, i, 1);
        }

        Assert.Equal(text, rebuilt);
        Assert.Throws<WynPanicException>(() => WynStrings.At(text, 11, 1));
    }

    [Fact]
    public void Len_of_long_strings_stays_right_while_the_thread_indexes_others()
    {
        // Len answers from the map of the string this thread indexed last (session 8): it must never
        // answer for a different string, an ASCII one, or a string that only equals the indexed one.
        string accents = string.Concat(Enumerable.Repeat("é", 50));      // 100 bytes
        string ascii = new('a', 70);
        string mixed = string.Concat(Enumerable.Repeat("日x", 20));     // 80 bytes
        string accentsCopy = new(accents.AsSpan());
        Assert.Equal(100L, WynStrings.Len(accents));
        Assert.Equal("é", WynStrings.At(accents, 60, 1));                // builds the map for accents
        Assert.Equal(100L, WynStrings.Len(accents));
        Assert.Equal(100L, WynStrings.Len(accentsCopy));
        Assert.Equal(70L, WynStrings.Len(ascii));
        Assert.Equal("a", WynStrings.At(ascii, 65, 1));                  // the map is now ascii's
        Assert.Equal(70L, WynStrings.Len(ascii));
        Assert.Equal(100L, WynStrings.Len(accents));
        Assert.Equal(string.Empty, WynStrings.At(mixed, 41, 1));         // inside 日
        Assert.Equal("x", WynStrings.At(mixed, 43, 1));
        Assert.Equal(80L, WynStrings.Len(mixed));
        Assert.Equal(100L, WynStrings.Len(accents));
        Assert.Equal("é", WynStrings.At(accents, -2, 1));
    }

    [Fact]
    public void Case_trim_and_predicates()
    {
        Assert.Equal("HELLO É", WynStrings.Upper("hello é"));
        Assert.Equal("hello", WynStrings.Lower("HeLLo"));
        Assert.Equal("a b", WynStrings.Trim(" \t a b \n"));
        Assert.True(WynStrings.Contains("hello", "ell"));
        Assert.False(WynStrings.Contains("hello", "ELL"));
        Assert.True(WynStrings.Contains("hello", string.Empty));
        Assert.True(WynStrings.StartsWith("hello", "he"));
        Assert.False(WynStrings.StartsWith("hello", "lo"));
        Assert.True(WynStrings.EndsWith("hello", "lo"));
    }

    [Fact]
    public void Replace_replaces_every_match()
    {
        Assert.Equal("b-b-b", WynStrings.Replace("a-a-a", "a", "b"));
        Assert.Equal("xyz", WynStrings.Replace("xyz", "q", "b"));
        Assert.Equal("aaa", WynStrings.Replace("aaaaaa", "aa", "a"));
    }

    [Fact]
    public void Replace_with_an_empty_pattern_inserts_before_every_character_and_at_the_end()
    {
        Assert.Equal("bxbybzb", WynStrings.Replace("xyz", string.Empty, "b"));
        Assert.Equal("b", WynStrings.Replace(string.Empty, string.Empty, "b"));
        Assert.Equal("-é-😀-", WynStrings.Replace("é😀", string.Empty, "-"));
        Assert.Equal("xyz", WynStrings.Replace("xyz", string.Empty, string.Empty));
    }

    [Fact]
    public void Split_keeps_empty_fields()
    {
        Assert.Equal(["a", "", "b"], WynStrings.Split("a,,b", ",").ToArray());
        Assert.Equal([""], WynStrings.Split(string.Empty, ",").ToArray());
        Assert.Equal(["", ""], WynStrings.Split(",", ",").ToArray());
        Assert.Equal(["a", "b"], WynStrings.Split("a::b", "::").ToArray());
        Assert.Equal(["a", "é", "😀"], WynStrings.Split("aé😀", string.Empty).ToArray());
    }

    [Fact]
    public void Substring_excludes_end_and_panics_out_of_range()
    {
        Assert.Equal("ell", WynStrings.Substring("hello", 1, 4, 1));
        Assert.Equal(string.Empty, WynStrings.Substring("hello", 2, 2, 1));
        Assert.Equal("hello", WynStrings.Substring("hello", 0, 5, 1));
        Assert.Equal("é日", WynStrings.Substring("aé日b", 1, 6, 1));
        Assert.Equal("日", WynStrings.Substring("aé日b", 2, 6, 1));   // byte 2 is inside é: é is not included
        Assert.Throws<WynPanicException>(() => WynStrings.Substring("hello", 3, 2, 1));
        Assert.Throws<WynPanicException>(() => WynStrings.Substring("hello", -1, 2, 1));
        var panic = Assert.Throws<WynPanicException>(() => WynStrings.Substring("hello", 0, 6, 9));
        Assert.Equal(9, panic.Line);
    }

    [Fact]
    public void IndexOf_returns_byte_offset_or_minus_one()
    {
        Assert.Equal(2L, WynStrings.IndexOf("hello", "ll"));
        Assert.Equal(-1L, WynStrings.IndexOf("hello", "z"));
        Assert.Equal(0L, WynStrings.IndexOf("hello", string.Empty));
        Assert.Equal(3L, WynStrings.IndexOf("aéb", "b"));
    }

    [Fact]
    public void Repeat_concat_join()
    {
        Assert.Equal("ababab", WynStrings.Repeat("ab", 3, 1));
        Assert.Equal(string.Empty, WynStrings.Repeat("ab", 0, 1));
        Assert.Equal(string.Empty, WynStrings.Repeat("ab", -2, 1));
        Assert.Equal("ab", WynStrings.Concat("a", "b"));
        Assert.Equal("a, b, c", WynStrings.Join(WynArray<string>.FromArray(["a", "b", "c"]), ", "));
        Assert.Equal(string.Empty, WynStrings.Join(new WynArray<string>(), ", "));
    }

    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("b", "a", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("ab", "abc", -1)]
    [InlineData("B", "a", -1)]          // ordinal, not culture: uppercase sorts first
    [InlineData("\uFFFD", "😀", -1)]    // code point order: U+FFFD < U+1F600 (UTF-16 ordinal says the opposite)
    [InlineData("😀", "\uE000", 1)]
    public void Compare_is_code_point_ordinal(string a, string b, int expectedSign)
    {
        Assert.Equal(expectedSign, Math.Sign(WynStrings.Compare(a, b)));
        Assert.Equal(expectedSign, Math.Sign(CompareUtf8(a, b)));   // the expectation itself is UTF-8 byte order
    }

    private static int CompareUtf8(string a, string b) =>
        System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));

    [Fact]
    public void Long_strings_index_like_their_utf8_bytes_even_when_alternating()
    {
        string mixed = string.Concat(Enumerable.Repeat("héllo wörld 😀 日本 ", 40));
        string ascii = string.Concat(Enumerable.Repeat("plain ascii text ", 40));
        byte[] mixedBytes = System.Text.Encoding.UTF8.GetBytes(mixed);
        var rebuilt = new System.Text.StringBuilder();
        for (int i = 0; i < mixedBytes.Length; i++)
        {
            string expected = IsContinuation(mixedBytes[i]) ? string.Empty : DecodeAt(mixedBytes, i);
            Assert.Equal(expected, WynStrings.At(mixed, i, 1));
            rebuilt.Append(WynStrings.At(mixed, i, 1));
            int j = i % ascii.Length;
            Assert.Equal(ascii[j].ToString(), WynStrings.At(ascii, j, 1));   // switching strings must not confuse the per-thread map
        }

        Assert.Equal(mixed, rebuilt.ToString());
        Assert.Equal(mixed, WynStrings.Substring(mixed, 0, mixedBytes.Length, 1));
        Assert.Equal("😀 日本 ", WynStrings.Substring(mixed, 14 + (26 * 10), 14 + (26 * 10) + 12, 1));
        Assert.Equal(ascii[100..200], WynStrings.Substring(ascii, 100, 200, 1));
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    private static string DecodeAt(byte[] bytes, int start)
    {
        int length = bytes[start] < 0x80 ? 1 : bytes[start] < 0xE0 ? 2 : bytes[start] < 0xF0 ? 3 : 4;
        return System.Text.Encoding.UTF8.GetString(bytes, start, length);
    }
}
