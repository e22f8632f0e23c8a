namespace Wyn.Language.Runtime;

/// <summary>The Wyn zero value of a channel element type: 0, 0.0, false or "" (never null).</summary>
internal static class WynZero<T>
{
    public static readonly T Value = typeof(T) == typeof(string) ? (T)(object)string.Empty : default!;
}
