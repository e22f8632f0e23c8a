namespace Wyn.Language.Runtime;

/// <summary>
/// Wyn <c>==</c> for any element type: ordinal strings, IEEE doubles (nan != nan), structural
/// arrays. Used by array <c>contains</c> and <c>assert_eq</c>.
/// </summary>
internal static class WynEquality
{
    public static bool AreEqual<T>(T left, T right)
    {
        if (typeof(T) == typeof(long))
        {
            return (long)(object)left! == (long)(object)right!;
        }

        if (typeof(T) == typeof(double))
        {
            return (double)(object)left! == (double)(object)right!;
        }

        if (typeof(T) == typeof(bool))
        {
            return (bool)(object)left! == (bool)(object)right!;
        }

        if (typeof(T) == typeof(string))
        {
            return string.Equals((string?)(object?)left, (string?)(object?)right, StringComparison.Ordinal);
        }

        return AreEqualBoxed(left, right);
    }

    public static bool AreEqualBoxed(object? left, object? right) => left switch
    {
        null => right is null,
        double d => right is double e && d == e,
        IWynValue value => value.StructurallyEquals(right),
        _ => left.Equals(right),
    };
}
