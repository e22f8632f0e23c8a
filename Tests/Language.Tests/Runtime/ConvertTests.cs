using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class ConvertTests
{
    [Theory]
    [InlineData("42", 42L)]
    [InlineData("  -17 ", -17L)]
    [InlineData("+5", 5L)]
    [InlineData("1_000_000", 1_000_000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("007", 7L)]
    public void ToInt_parses_decimal(string text, long expected) => Assert.Equal(expected, WynConvert.ToInt(text, 1));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12x")]
    [InlineData("1.5")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("_1")]
    [InlineData("1__0")]
    [InlineData("1_")]
    [InlineData("-")]
    [InlineData("0x10")]
    public void ToInt_failure_is_a_panic_with_the_line(string text)
    {
        var panic = Assert.Throws<WynPanicException>(() => WynConvert.ToInt(text, 12));
        Assert.Equal(12, panic.Line);
        Assert.StartsWith("cannot convert \"", panic.Message);
        Assert.EndsWith("\" to int", panic.Message);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(" -2.25 ", -2.25)]
    [InlineData("1e-6", 1e-6)]
    [InlineData("2.5E+8", 2.5e8)]
    [InlineData("3", 3.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1_000.5", 1000.5)]
    [InlineData("0.30000000000000004", 0.30000000000000004)]
    public void ToFloat_parses(string text, double expected) => Assert.Equal(expected, WynConvert.ToFloat(text, 1));

    [Fact]
    public void ToFloat_special_values()
    {
        Assert.Equal(double.PositiveInfinity, WynConvert.ToFloat("inf", 1));
        Assert.Equal(double.NegativeInfinity, WynConvert.ToFloat("-Infinity", 1));
        Assert.True(double.IsNaN(WynConvert.ToFloat("NaN", 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("abc")]
    [InlineData("1,000")]
    [InlineData("e5")]
    public void ToFloat_failure_is_a_panic(string text)
    {
        var panic = Assert.Throws<WynPanicException>(() => WynConvert.ToFloat(text, 3));
        Assert.Equal(3, panic.Line);
    }

    [Theory]
    [InlineData(2.9, 2L)]
    [InlineData(-2.9, -2L)]
    [InlineData(0.0, 0L)]
    [InlineData(-9.2233720368547758e18, long.MinValue)]
    public void FloatToInt_truncates(double value, long expected) => Assert.Equal(expected, WynConvert.FloatToInt(value, 1));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(9.2233720368547758e18)]
    [InlineData(-1e19)]
    public void FloatToInt_out_of_range_panics(double value) => Assert.Throws<WynPanicException>(() => WynConvert.FloatToInt(value, 1));

    [Fact]
    public void IntToFloat_converts() => Assert.Equal(3.0, WynConvert.IntToFloat(3));
}
