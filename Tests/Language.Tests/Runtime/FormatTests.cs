using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class FormatTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-42L, "-42")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Int_is_plain_decimal(long value, string expected) => Assert.Equal(expected, WynFormat.Int(value));

    [Fact]
    public void Bool_and_string_formats()
    {
        Assert.Equal("true", WynFormat.Bool(true));
        Assert.Equal("false", WynFormat.Bool(false));
        Assert.Equal("a \"raw\" string", WynFormat.Str("a \"raw\" string"));
        Assert.Equal("a \"raw\" string", WynFormat.Value("a \"raw\" string"));
        Assert.Equal("2.0", WynFormat.Value(2.0));
        Assert.Equal("7", WynFormat.Value(7L));
        Assert.Equal("false", WynFormat.Value(false));
    }

    [Fact]
    public void Arrays_format_elements_and_quote_strings()
    {
        Assert.Equal("[1, 2, 3]", WynFormat.Array(WynArray<long>.FromArray([1, 2, 3])));
        Assert.Equal("[\"a\", \"b\"]", WynFormat.Array(WynArray<string>.FromArray(["a", "b"])));
        Assert.Equal("[1.5, 2.0, 1e+20, nan]", WynFormat.Array(WynArray<double>.FromArray([1.5, 2.0, 1e20, double.NaN])));
        Assert.Equal("[true, false]", WynFormat.Array(WynArray<bool>.FromArray([true, false])));
        Assert.Equal("[]", WynFormat.Array(new WynArray<long>()));
        Assert.Equal("[]", WynFormat.Value(new WynArray<string>()));
    }

    [Fact]
    public void Nested_arrays_format_recursively()
    {
        var inner1 = WynArray<string>.FromArray(["x"]);
        var inner2 = WynArray<string>.FromArray(["y", "z"]);
        var outer = WynArray<WynArray<string>>.FromArray([inner1, inner2, new WynArray<string>()]);
        Assert.Equal("[[\"x\"], [\"y\", \"z\"], []]", WynFormat.Array(outer));
        Assert.Equal("[[\"x\"], [\"y\", \"z\"], []]", WynFormat.Value(outer));

        var deep = WynArray<WynArray<WynArray<long>>>.FromArray([WynArray<WynArray<long>>.FromArray([WynArray<long>.FromArray([1, 2])])]);
        Assert.Equal("[[[1, 2]]]", deep.ToString());
    }

    [Fact]
    public void Strings_inside_arrays_are_escaped()
    {
        var strings = WynArray<string>.FromArray(["a\"b", "back\\slash", "line\nbreak", "tab\t", "\u0001", "é"]);
        Assert.Equal("[\"a\\\"b\", \"back\\\\slash\", \"line\\nbreak\", \"tab\\t\", \"\\x01\", \"é\"]", WynFormat.Array(strings));
    }
}
