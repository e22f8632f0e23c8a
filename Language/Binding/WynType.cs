namespace Wyn.Language.Binding;

/// <summary>
/// A Wyn type. Primitive types are singletons; <see cref="ArrayType"/> may start with an unknown element
/// type (from <c>[]</c>) that is fixed later by unification (first push, annotation, parameter type).
/// </summary>
internal abstract class WynType
{
    public static readonly PrimitiveType Int = new("int");
    public static readonly PrimitiveType Float = new("float");
    public static readonly PrimitiveType Bool = new("bool");
    public static readonly PrimitiveType String = new("string");

    /// <summary>The "type" of a call to a function that returns nothing.</summary>
    public static readonly PrimitiveType Void = new("nothing");

    /// <summary>The type of an expression that already produced a diagnostic; compatible with everything.</summary>
    public static readonly PrimitiveType Error = new("?");

    public abstract string Name { get; }

    public override string ToString() => Name;

    public bool IsNumeric => this == Int || this == Float;

    /// <summary>Follows unification links so callers see the representative type.</summary>
    public virtual WynType Resolve() => this;

    public bool IsResolved => this switch
    {
        ArrayType array => array.Resolve() is ArrayType { Element: { } element } && element.IsResolved,
        FutureType future => future.Result.Resolve().IsResolved,
        _ => true,
    };
}

internal sealed class PrimitiveType(string name) : WynType
{
    public override string Name => name;
}

internal sealed class ArrayType : WynType
{
    private WynType? _element;
    private ArrayType? _forward;

    public ArrayType(WynType? element) => _element = element;

    /// <summary>The element type, or null while it is still unknown.</summary>
    public WynType? Element => Representative._element?.Resolve();

    // An array whose element type is not known yet is written as it appears in the source, `[]`:
    // messages printed `[?]`, a type nobody can write (sweep 9).
    public override string Name => Element is { } element ? $"[{element}]" : "[]";

    private ArrayType Representative
    {
        get
        {
            var current = this;
            while (current._forward is { } next)
            {
                current = next;
            }

            return current;
        }
    }

    public override WynType Resolve() => Representative;

    /// <summary>Fixes an unknown element type; returns false if it is already known.</summary>
    public bool TrySetElement(WynType element)
    {
        var representative = Representative;
        if (representative._element is not null)
        {
            return false;
        }

        representative._element = element;
        return true;
    }

    /// <summary>Makes two arrays with unknown elements share one future element type.</summary>
    public void LinkTo(ArrayType other)
    {
        var mine = Representative;
        var theirs = other.Representative;
        if (!ReferenceEquals(mine, theirs))
        {
            mine._forward = theirs;
        }
    }
}

internal sealed class FutureType(WynType result) : WynType
{
    public WynType Result { get; } = result;

    public override string Name => $"Future<{(Result.Resolve() == Void ? "nothing" : Result.Resolve().Name)}>";
}
