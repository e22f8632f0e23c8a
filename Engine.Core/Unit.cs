namespace Wyn.Engine;

/// <summary>The result type of spawned work that returns nothing: <c>Spawn&lt;TState, Unit&gt;</c>.</summary>
public readonly record struct Unit
{
    /// <summary>The only value.</summary>
    public static Unit Value => default;
}
