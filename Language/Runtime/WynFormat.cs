using System.Globalization;
using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Text of Wyn values (WYN-CORE §7): used by print, <c>str(x)</c>, <c>x.to_string()</c>, string
/// interpolation and the conversions of <c>string + value</c>.
/// </summary>
public static class WynFormat
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Float(double value) => FloatFormatter.Format(value);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Str(string value) => value;

    public static string Array<T>(WynArray<T> value)
    {
        var text = new StringBuilder();
        ((IWynValue)value).AppendTo(text);
        return text.ToString();
    }

    public static string FutureArray<T>(WynFutureArray<T> value)
    {
        var text = new StringBuilder();
        ((IWynValue)value).AppendTo(text);
        return text.ToString();
    }

    /// <summary>Top-level text of any Wyn value (strings raw).</summary>
    public static string Value<T>(T value)
    {
        // typeof(T) tests are folded by the JIT per instantiation, so each call site pays only for its own type.
        if (typeof(T) == typeof(long))
        {
            return Int((long)(object)value!);
        }

        if (typeof(T) == typeof(double))
        {
            return Float((double)(object)value!);
        }

        if (typeof(T) == typeof(bool))
        {
            return Bool((bool)(object)value!);
        }

        if (typeof(T) == typeof(string))
        {
            return (string)(object)value!;
        }

        var text = new StringBuilder();
        AppendElement(text, value);
        return text.ToString();
    }

    /// <summary>Appends a value as it appears inside an array: strings quoted and escaped.</summary>
    internal static void AppendElement<T>(StringBuilder text, T value)
    {
        switch (value)
        {
            case long l:
                text.Append(Int(l));
                break;
            case double d:
                text.Append(Float(d));
                break;
            case bool b:
                text.Append(Bool(b));
                break;
            case string s:
                AppendQuoted(text, s);
                break;
            case IWynValue nested:
                nested.AppendTo(text);
                break;
            case null:
                text.Append("none");
                break;
            default:
                text.Append('<').Append(value.GetType().Name).Append('>');
                break;
        }
    }

    internal static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append("\\n"); break;
                case '\t': text.Append("\\t"); break;
                case '\r': text.Append("\\r"); break;
                case '\0': text.Append("\\0"); break;
                default:
                    if (c < ' ' || c == '\x7f')
                    {
                        text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }
}
