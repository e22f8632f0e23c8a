using System.ComponentModel;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// Wyn <c>==</c> on arrays: same length and equal elements (IEEE for floats, ordinal for strings,
/// recursive for nested arrays). Public only because generated code calls it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ArrayEquality
{
    public static bool AreEqual<T>(WynArray<T> left, WynArray<T> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (ReferenceEquals(left, right) && typeof(T) != typeof(double))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0L; i < left.Count; i++)
        {
            if (!ElementsEqual(left.Get(i, 0), right.Get(i, 0)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Arrays of futures: the same array, or two empty ones (futures are never equal to each other).</summary>
    public static bool AreFutureArraysEqual<T>(WynFutureArray<T> left, WynFutureArray<T> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return ReferenceEquals(left, right) || WynEquality.AreEqualBoxed(left, right);
    }

    private static bool ElementsEqual<T>(T left, T right)
    {
        if (typeof(T) == typeof(double))
        {
            return (double)(object)left! == (double)(object)right!;
        }

        if (typeof(T) == typeof(string))
        {
            return string.Equals((string)(object)left!, (string)(object)right!, StringComparison.Ordinal);
        }

        if (left is long or bool)
        {
            return EqualityComparer<T>.Default.Equals(left, right);
        }

        // Nested arrays: compare their printed forms (same structure and values; floats print exactly).
        return string.Equals(WynFormat.Value(left), WynFormat.Value(right), StringComparison.Ordinal);
    }
}
