using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class ArithmeticTests
{
    [Theory]
    [InlineData(7L, 2L, 3L, 1L)]
    [InlineData(-7L, 2L, -3L, -1L)]
    [InlineData(7L, -2L, -3L, 1L)]
    [InlineData(-7L, -2L, 3L, -1L)]
    [InlineData(long.MinValue, -1L, long.MinValue, 0L)]
    [InlineData(long.MaxValue, -1L, -long.MaxValue, 0L)]
    [InlineData(5L, 1L, 5L, 0L)]
    public void Division_truncates_and_remainder_takes_dividend_sign(long a, long b, long quotient, long remainder)
    {
        Assert.Equal(quotient, WynInt.Div(a, b, 1));
        Assert.Equal(remainder, WynInt.Mod(a, b, 1));
    }

    [Fact]
    public void Division_by_zero_panics_with_line()
    {
        Assert.Equal(4, Assert.Throws<WynPanicException>(() => WynInt.Div(1, 0, 4)).Line);
        var panic = Assert.Throws<WynPanicException>(() => WynInt.Mod(1, 0, 5));
        Assert.Equal("division by zero", panic.Message);
        Assert.Equal(5, panic.Line);
    }

    [Fact]
    public void Math_functions()
    {
        Assert.Equal(2L, WynMath.Min(2L, 3L));
        Assert.Equal(3L, WynMath.Max(2L, 3L));
        Assert.Equal(-1.5, WynMath.Min(-1.5, 2.0));
        Assert.Equal(2.0, WynMath.Max(-1.5, 2.0));
        Assert.Equal(5L, WynMath.AbsVal(-5L));
        Assert.Equal(long.MinValue, WynMath.AbsVal(long.MinValue));
        Assert.Equal(2.5, WynMath.AbsVal(-2.5));
        Assert.Equal(3.0, WynMath.Sqrt(9.0));
        Assert.Equal(1024.0, WynMath.Pow(2.0, 10.0));
        Assert.Equal(2.0, WynMath.Floor(2.7));
        Assert.Equal(-3.0, WynMath.Floor(-2.5));
        Assert.Equal(3.0, WynMath.Ceil(2.1));
        Assert.Equal(4.0, WynMath.Abs(-4.0));
        Assert.Equal("2.0", WynFormat.Float(WynMath.Floor(2.5)));
    }
}
