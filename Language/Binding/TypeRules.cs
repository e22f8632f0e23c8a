namespace Wyn.Language.Binding;

/// <summary>Type equality with unification of not-yet-known array element types.</summary>
internal static class TypeRules
{
    /// <summary>
    /// True when a value of <paramref name="actual"/> may be stored where <paramref name="expected"/> is
    /// required. Unknown array element types on either side are fixed by the other side.
    /// </summary>
    public static bool Unify(WynType expected, WynType actual)
    {
        expected = expected.Resolve();
        actual = actual.Resolve();
        if (ReferenceEquals(expected, actual) || expected == WynType.Error || actual == WynType.Error)
        {
            return true;
        }

        switch (expected, actual)
        {
            case (ArrayType left, ArrayType right):
                var leftElement = left.Element;
                var rightElement = right.Element;
                if (leftElement is null && rightElement is null)
                {
                    left.LinkTo(right);
                    return true;
                }

                if (leftElement is null)
                {
                    return left.TrySetElement(rightElement!);
                }

                if (rightElement is null)
                {
                    return right.TrySetElement(leftElement);
                }

                return Unify(leftElement, rightElement);
            case (FutureType left, FutureType right):
                return Unify(left.Result, right.Result);
            default:
                return false;
        }
    }

    /// <summary>Structural equality without side effects (no unification).</summary>
    public static bool Same(WynType left, WynType right)
    {
        left = left.Resolve();
        right = right.Resolve();
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        return (left, right) switch
        {
            (ArrayType a, ArrayType b) => a.Element is { } x && b.Element is { } y && Same(x, y),
            (FutureType a, FutureType b) => Same(a.Result, b.Result),
            _ => false,
        };
    }
}
