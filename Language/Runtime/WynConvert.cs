using System.Globalization;
using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>Conversions between Wyn scalar types; a failed conversion is a panic.</summary>
public static class WynConvert
{
    /// <summary>
    /// <c>s.to_int()</c> / <c>int(s)</c>: optional surrounding white space, optional sign, decimal
    /// digits with optional single underscores between digits (as in Wyn literals).
    /// </summary>
    public static long ToInt(string s, int line)
    {
        if (TryParseInt(s.AsSpan().Trim(), out long value))
        {
            return value;
        }

        throw new WynPanicException($"cannot convert {Quote(s)} to int", line);
    }

    /// <summary>
    /// <c>s.to_float()</c> / <c>float(s)</c>: decimal and exponent forms (underscores between
    /// digits allowed), plus inf, infinity and nan in any case with an optional sign.
    /// </summary>
    public static double ToFloat(string s, int line)
    {
        if (TryParseFloat(s.AsSpan().Trim(), out double value))
        {
            return value;
        }

        throw new WynPanicException($"cannot convert {Quote(s)} to float", line);
    }

    public static double IntToFloat(long value) => value;

    /// <summary><c>f.to_int()</c>: truncates toward zero; nan, inf and values outside the int range panic.</summary>
    public static long FloatToInt(double value, int line)
    {
        double truncated = Math.Truncate(value);
        // 2^63 is exactly representable; every double below it (and >= -2^63) fits in a long.
        if (truncated >= -9223372036854775808.0 && truncated < 9223372036854775808.0)
        {
            return (long)truncated;
        }

        throw new WynPanicException($"cannot convert {WynFormat.Float(value)} to int", line);
    }

    private static bool TryParseInt(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        if (!IsDigitRunWithUnderscores(text))
        {
            return false;
        }

        // Accumulate as a negative number: the negative range is one larger, so long.MinValue parses.
        long accumulated = 0;
        foreach (char c in text)
        {
            if (c == '_')
            {
                continue;
            }

            int digit = c - '0';
            if (accumulated < (long.MinValue + digit) / 10)
            {
                return false;
            }

            accumulated = (accumulated * 10) - digit;
        }

        if (!negative)
        {
            if (accumulated == long.MinValue)
            {
                return false;
            }

            accumulated = -accumulated;
        }

        value = accumulated;
        return true;
    }

    private static bool TryParseFloat(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        ReadOnlySpan<char> unsigned = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? text[1..] : text;
        double sign = text.Length > 0 && text[0] == '-' ? -1.0 : 1.0;
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        // Only digits, one optional point, an optional exponent: .NET's parser alone would also take
        // thousands separators, "Infinity" symbols and other culture forms that Wyn does not write.
        var cleaned = new StringBuilder(unsigned.Length);
        int position = 0;
        int mantissaDigits = 0;
        while (position < unsigned.Length && (char.IsAsciiDigit(unsigned[position]) || unsigned[position] == '_'))
        {
            position++;
        }

        if (!IsDigitRunWithUnderscores(unsigned[..position]) && position > 0)
        {
            return false;
        }

        mantissaDigits += position;
        cleaned.Append(unsigned[..position]);
        if (position < unsigned.Length && unsigned[position] == '.')
        {
            int fractionStart = ++position;
            while (position < unsigned.Length && (char.IsAsciiDigit(unsigned[position]) || unsigned[position] == '_'))
            {
                position++;
            }

            ReadOnlySpan<char> fraction = unsigned[fractionStart..position];
            if (fraction.Length > 0 && !IsDigitRunWithUnderscores(fraction))
            {
                return false;
            }

            mantissaDigits += fraction.Length;
            cleaned.Append('.').Append(fraction);
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (position < unsigned.Length && (unsigned[position] == 'e' || unsigned[position] == 'E'))
        {
            cleaned.Append('e');
            position++;
            if (position < unsigned.Length && (unsigned[position] == '+' || unsigned[position] == '-'))
            {
                cleaned.Append(unsigned[position]);
                position++;
            }

            ReadOnlySpan<char> exponent = unsigned[position..];
            if (!IsDigitRunWithUnderscores(exponent))
            {
                return false;
            }

            cleaned.Append(exponent);
            position = unsigned.Length;
        }

        if (position != unsigned.Length)
        {
            return false;
        }

        cleaned.Replace("_", string.Empty);
        if (!double.TryParse(cleaned.ToString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double magnitude))
        {
            return false;
        }

        value = sign * magnitude;
        return true;
    }

    /// <summary>Non-empty ASCII digits where every underscore sits between two digits.</summary>
    private static bool IsDigitRunWithUnderscores(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[^1]))
        {
            return false;
        }

        for (int i = 1; i < text.Length - 1; i++)
        {
            char c = text[i];
            if (!char.IsAsciiDigit(c) && !(c == '_' && char.IsAsciiDigit(text[i - 1])))
            {
                return false;
            }
        }

        return true;
    }

    private static string Quote(string s)
    {
        var text = new StringBuilder(s.Length + 2);
        WynFormat.AppendQuoted(text, s);
        return text.ToString();
    }
}
