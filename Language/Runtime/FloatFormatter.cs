using System.Globalization;
using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Formats a double the way Python's <c>repr(float)</c> does, which is what WYN-CORE §7 asks for:
/// the shortest digits that read back to the same double, positional notation when the decimal
/// exponent e (value = d.ddd × 10^e) satisfies -4 &lt;= e &lt; 16, scientific otherwise; a
/// positional integer value gets ".0"; the exponent has a sign and at least two digits
/// (1e+16, 1e-05, 1e+100); special values are inf, -inf and nan.
/// </summary>
internal static class FloatFormatter
{
    private const int MinPositionalExponent = -4;
    private const int MaxPositionalExponentExclusive = 16;

    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // .NET's "R" is the shortest round-trip text, but its layout differs from Python's
        // (e.g. "1E+16", "1E-05"), so only its digits and exponent are used.
        string roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        if (IsPositionalForBoth(roundTrip, value))
        {
            return roundTrip.Contains('.') ? roundTrip : string.Concat(roundTrip, ".0");
        }

        bool negative = roundTrip[0] == '-';
        ExtractDigits(roundTrip.AsSpan(negative ? 1 : 0), out string digits, out int exponent);

        var text = new StringBuilder(32);
        if (negative)
        {
            text.Append('-');
        }

        if (exponent >= MinPositionalExponent && exponent < MaxPositionalExponentExclusive)
        {
            AppendPositional(text, digits, exponent);
        }
        else
        {
            AppendScientific(text, digits, exponent);
        }

        return text.ToString();
    }

    /// <summary>
    /// Fast path for the common case: when .NET wrote positional text (no exponent) and the magnitude
    /// is in Python's positional range (-4 &lt;= e &lt; 16, i.e. 1e-4 &lt;= |v| &lt; 1e16; both bounds
    /// are the doubles nearest the powers of ten, and no double lies between them and the powers), the
    /// text needs at most a ".0". .NET's own switch points differ from Python's, hence both tests.
    /// </summary>
    private static bool IsPositionalForBoth(string roundTrip, double value)
    {
        double magnitude = Math.Abs(value);
        return (magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16)) && roundTrip.AsSpan().IndexOfAny('E', 'e') < 0;
    }

    /// <summary>
    /// Splits a non-negative round-trip string ("123.45", "1E-05", "1.2345E+20", "0") into its
    /// significant digits without leading/trailing zeros ("0" for zero) and the decimal exponent of
    /// the first digit.
    /// </summary>
    private static void ExtractDigits(ReadOnlySpan<char> text, out string digits, out int exponent)
    {
        int explicitExponent = 0;
        int ePosition = text.IndexOfAny('E', 'e');
        if (ePosition >= 0)
        {
            explicitExponent = int.Parse(text[(ePosition + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..ePosition];
        }

        int point = text.IndexOf('.');
        int integerDigits = point >= 0 ? point : text.Length;
        var all = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c != '.')
            {
                all.Append(c);
            }
        }

        string raw = all.ToString();
        int leadingZeros = 0;
        while (leadingZeros < raw.Length && raw[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        if (leadingZeros == raw.Length)
        {
            digits = "0";
            exponent = 0;
            return;
        }

        string significant = raw[leadingZeros..].TrimEnd('0');
        digits = significant;
        exponent = integerDigits - leadingZeros - 1 + explicitExponent;
    }

    private static void AppendPositional(StringBuilder text, string digits, int exponent)
    {
        if (exponent < 0)
        {
            text.Append("0.").Append('0', -exponent - 1).Append(digits);
            return;
        }

        int integerDigits = exponent + 1;
        if (digits.Length <= integerDigits)
        {
            text.Append(digits).Append('0', integerDigits - digits.Length).Append(".0");
        }
        else
        {
            text.Append(digits, 0, integerDigits).Append('.').Append(digits, integerDigits, digits.Length - integerDigits);
        }
    }

    private static void AppendScientific(StringBuilder text, string digits, int exponent)
    {
        text.Append(digits[0]);
        if (digits.Length > 1)
        {
            text.Append('.').Append(digits, 1, digits.Length - 1);
        }

        text.Append('e').Append(exponent < 0 ? '-' : '+');
        int magnitude = Math.Abs(exponent);
        if (magnitude < 10)
        {
            text.Append('0');
        }

        text.Append(magnitude.ToString(CultureInfo.InvariantCulture));
    }
}
