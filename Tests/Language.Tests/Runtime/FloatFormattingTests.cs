using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>Float text must equal Python's repr(float) (expected values were produced by CPython 3).</summary>
public sealed class FloatFormattingTests
{
    [Theory]
    [InlineData(2.0, "2.0")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e+20, "1e+20")]
    [InlineData(1e-06, "1e-06")]
    [InlineData(0.0, "0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e+16, "1e+16")]
    [InlineData(1000000000000000.0, "1000000000000000.0")]
    [InlineData(123456789012345.0, "123456789012345.0")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(1.2345678901234568e+16, "1.2345678901234568e+16")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.5e-07, "1.5e-07")]
    [InlineData(1e+100, "1e+100")]
    [InlineData(1e-100, "1e-100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e+308, "1.7976931348623157e+308")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(3.141592653589793, "3.141592653589793")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e+21, "1e+21")]
    [InlineData(9007199254740992.0, "9007199254740992.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.3333333333333333, "0.3333333333333333")]
    [InlineData(0.6666666666666666, "0.6666666666666666")]
    [InlineData(-1e-07, "-1e-07")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e+22, "1e+22")]
    [InlineData(1.5, "1.5")]
    [InlineData(255.0, "255.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(-2.5e-05, "-2.5e-05")]
    [InlineData(6.02214076e+23, "6.02214076e+23")]
    [InlineData(1e+301, "1e+301")]
    [InlineData(-9999999999999998.0, "-9999999999999998.0")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(1.2345e-05, "1.2345e-05")]
    [InlineData(42.0, "42.0")]
    [InlineData(-42.0, "-42.0")]
    [InlineData(1e-323, "1e-323")]
    [InlineData(4.35, "4.35")]
    [InlineData(2.675, "2.675")]
    [InlineData(1.1, "1.1")]
    [InlineData(-1.989032661366619e+244, "-1.989032661366619e+244")]
    [InlineData(7.761117632285041e+178, "7.761117632285041e+178")]
    [InlineData(3.980498358697587e-249, "3.980498358697587e-249")]
    [InlineData(-1.5432835417340557e+88, "-1.5432835417340557e+88")]
    [InlineData(1.3647584518757569e-192, "1.3647584518757569e-192")]
    [InlineData(-1.3701135617873088e-206, "-1.3701135617873088e-206")]
    [InlineData(-1.7160537630466207e+197, "-1.7160537630466207e+197")]
    [InlineData(6.294675241195386e-44, "6.294675241195386e-44")]
    [InlineData(1.0613447212142254e-202, "1.0613447212142254e-202")]
    [InlineData(4.708325160387546e+207, "4.708325160387546e+207")]
    [InlineData(6.387016158513563e-12, "6.387016158513563e-12")]
    [InlineData(-9.973130378568733e-246, "-9.973130378568733e-246")]
    [InlineData(-150.96162171497213, "-150.96162171497213")]
    [InlineData(653.7042493440761, "653.7042493440761")]
    [InlineData(-752.3960777007088, "-752.3960777007088")]
    [InlineData(-553.522070785971, "-553.522070785971")]
    [InlineData(254.86644481117855, "254.86644481117855")]
    [InlineData(895.4178849140112, "895.4178849140112")]
    [InlineData(154.20589723499734, "154.20589723499734")]
    [InlineData(-206.63905069843963, "-206.63905069843963")]
    public void Float_matches_python_repr(double value, string expected)
    {
        Assert.Equal(expected, WynFormat.Float(value));
    }

    [Fact]
    public void Special_values_use_c_like_names()
    {
        Assert.Equal("inf", WynFormat.Float(double.PositiveInfinity));
        Assert.Equal("-inf", WynFormat.Float(double.NegativeInfinity));
        Assert.Equal("nan", WynFormat.Float(double.NaN));
        Assert.Equal("-0.0", WynFormat.Float(-0.0));
    }

    [Fact]
    public void Random_doubles_round_trip_and_always_show_a_point_or_an_exponent()
    {
        var random = new Random(12345);
        Span<byte> bytes = stackalloc byte[8];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            double value = BitConverter.ToDouble(bytes);
            if (!double.IsFinite(value))
            {
                continue;
            }

            string text = WynFormat.Float(value);
            Assert.True(text.Contains('.') || text.Contains('e'), text);
            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(value, WynConvert.ToFloat(text, 1));
        }
    }

    [Fact]
    public void Generated_table_matches_python_repr()
    {
        var mismatches = new List<string>();
        foreach ((ulong bits, string repr) in FloatReprCases.All)
        {
            string actual = WynFormat.Float(BitConverter.UInt64BitsToDouble(bits));
            if (actual != repr)
            {
                mismatches.Add($"{repr} formatted as {actual}");
            }
        }

        Assert.True(FloatReprCases.All.Length > 1000);
        Assert.Empty(mismatches);
    }
}
