using System.ComponentModel;

namespace Wyn.Language.Runtime;

// The state of a spawn of a function with two or more parameters: its arguments, in fields Item1 …
// Item7 and, past seven, Rest (another SpawnArguments), laid out like System.ValueTuple so the
// emitter reads them the same way. Not System.ValueTuple itself: the composite ReadyToRun image of
// wyn-host cannot precompile the engine's generic code over a framework value type (it lies outside
// the image's version bubble), so every multi-argument spawn ran its engine path in tier-0 code
// until the JIT caught up. Over these types, the common instantiations are precompiled
// (PrecompiledInstantiations). Public only because generated code uses them.

/// <summary>The last argument of a spawned function with 8, 15, 22 … parameters (the innermost Rest).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1>
{
    public T1 Item1;

    public SpawnArguments(T1 item1)
    {
        Item1 = item1;
    }
}

/// <summary>The arguments of a spawned 2-parameter function.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1, T2>
{
    public T1 Item1;
    public T2 Item2;

    public SpawnArguments(T1 item1, T2 item2)
    {
        Item1 = item1;
        Item2 = item2;
    }
}

/// <summary>The arguments of a spawned 3-parameter function.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1, T2, T3>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;

    public SpawnArguments(T1 item1, T2 item2, T3 item3)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
    }
}

/// <summary>The arguments of a spawned 4-parameter function.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1, T2, T3, T4>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;

    public SpawnArguments(T1 item1, T2 item2, T3 item3, T4 item4)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
    }
}

/// <summary>The arguments of a spawned 5-parameter function.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1, T2, T3, T4, T5>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;
    public T5 Item5;

    public SpawnArguments(T1 item1, T2 item2, T3 item3, T4 item4, T5 item5)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
        Item5 = item5;
    }
}

/// <summary>The arguments of a spawned 6-parameter function.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1, T2, T3, T4, T5, T6>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;
    public T5 Item5;
    public T6 Item6;

    public SpawnArguments(T1 item1, T2 item2, T3 item3, T4 item4, T5 item5, T6 item6)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
        Item5 = item5;
        Item6 = item6;
    }
}

/// <summary>The arguments of a spawned 7-parameter function.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1, T2, T3, T4, T5, T6, T7>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;
    public T5 Item5;
    public T6 Item6;
    public T7 Item7;

    public SpawnArguments(T1 item1, T2 item2, T3 item3, T4 item4, T5 item5, T6 item6, T7 item7)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
        Item5 = item5;
        Item6 = item6;
        Item7 = item7;
    }
}

/// <summary>The arguments of a spawned function with more than seven parameters: the first seven, and the rest.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SpawnArguments<T1, T2, T3, T4, T5, T6, T7, TRest>
    where TRest : struct
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;
    public T5 Item5;
    public T6 Item6;
    public T7 Item7;
    public TRest Rest;

    public SpawnArguments(T1 item1, T2 item2, T3 item3, T4 item4, T5 item5, T6 item6, T7 item7, TRest rest)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
        Item5 = item5;
        Item6 = item6;
        Item7 = item7;
        Rest = rest;
    }
}
