using System.Runtime.CompilerServices;
using System.Text;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Wyn <c>[Future&lt;T&gt;]</c>: an array of futures that stores 8 bytes per element — the engine
/// handle — instead of a whole <see cref="WynFuture{T}"/> (handle plus room for the value, 16 bytes
/// for an int result). The value of an element awaited in place is kept in a second array that grows
/// only as far as the highest index awaited, so "awaiting a future twice returns the same value"
/// (WYN-CORE §3) still holds, while the futures not awaited yet cost only their handles.
/// </summary>
/// <remarks>
/// Why: W1 at 10M (<c>futs.push(spawn compute(i))</c> ten million times, then await them all) is the
/// memory benchmark. With 16-byte elements the array was 160 MB next to the engine's 160 MB of
/// future slots; with handles only it is 80 MB while the tasks are outstanding, and the values fill
/// in as the slots are released by the awaits (docs/language.md, "Memory").
/// <para>
/// An element is in one of two states, told apart by its handle: a handle (not awaited in place yet;
/// preserved if the element was ever copied out) or default (awaited: the value is in
/// <c>values</c>, or default(T) past its end). Same semantics as an array of <see cref="WynFuture{T}"/>:
/// reading an element as a value shares it (<see cref="Get"/>), awaiting it in place consumes the
/// handle (<see cref="Await"/>). Not synchronized, like <see cref="WynArray{T}"/>.
/// </para>
/// </remarks>
public sealed class WynFutureArray<T> : IWynValue
{
    private readonly WynArray<Future<T>> handles;
    private WynArray<T>? values;

    public WynFutureArray()
    {
        handles = new WynArray<Future<T>>();
    }

    public WynFutureArray(int capacity)
    {
        handles = new WynArray<Future<T>>(capacity);
    }

    private WynFutureArray(WynArray<Future<T>> handles)
    {
        this.handles = handles;
    }

    /// <summary>Array literal of futures.</summary>
    public static WynFutureArray<T> FromArray(WynFuture<T>[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = new WynFutureArray<T>(WynArray<Future<T>>.FromArray(items.Select(item => item.Handle).ToArray()));
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i].Handle.IsDefault)
            {
                array.StoreValue(i, items[i].Result);
            }
        }

        return array;
    }

    public long Count => handles.Count;

    /// <summary>
    /// <c>futs[i]</c> read as a value (a copy: <c>var f = futs[i]</c>, an argument, a <c>for f in futs</c>
    /// variable): the element's handle is preserved so that the copy and the element can both be
    /// awaited, as <see cref="Wyn.Language.Emit.FutureSharing{T}"/> does for any other storage.
    /// </summary>
    public WynFuture<T> Get(long index, int line)
    {
        int position = handles.Resolve(index, line);
        ref Future<T> handle = ref handles.ElementAt(position);
        if (handle.IsDefault)
        {
            return WynFuture<T>.FromValue(ValueAt(position));
        }

        handle = handle.Preserve();   // the same handle when it is already preserved
        return new WynFuture<T>(handle);
    }

    public void Set(long index, WynFuture<T> value, int line)
    {
        int position = handles.Resolve(index, line);
        handles.ElementAt(position) = value.Handle;
        if (value.Handle.IsDefault)
        {
            StoreValue(position, value.Result);
        }
    }

    public void Push(WynFuture<T> value)
    {
        int position = (int)handles.Count;
        handles.Push(value.Handle);
        if (value.Handle.IsDefault)
        {
            StoreValue(position, value.Result);
        }
    }

    public WynFuture<T> Pop(int line)
    {
        int position = (int)handles.Count - 1;
        Future<T> handle = handles.Pop(line);   // panics on an empty array before position is used
        T value = default!;
        if (values is not null && position < values.Count)
        {
            ref T kept = ref values.ElementAt(position);
            value = kept;
            kept = default!;   // a popped value must not stay reachable, nor reappear at a later push
        }

        return handle.IsDefault ? WynFuture<T>.FromValue(value) : new WynFuture<T>(handle);
    }

    public bool Contains(WynFuture<T> value)
    {
        for (int i = 0; i < handles.Count; i++)
        {
            if (WynEquality.AreEqual(Peek(i), value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>await futs[i]</c>: the element is awaited in place — its handle consumed and its value kept —
    /// so awaiting it again returns the same value. Static so that generated code pushes the context first.
    /// </summary>
    public static T Await(WynContext ctx, WynFutureArray<T> array, long index, int line)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(array);
        return array.AwaitAt(ctx, array.handles.Resolve(index, line));
    }

    /// <summary>The position of <paramref name="index"/> (negative counts from the end); out of range is a panic.</summary>
    internal int Resolve(long index, int line) => handles.Resolve(index, line);

    /// <summary>True when element <paramref name="position"/> can be awaited without blocking (for <c>await_any</c>).</summary>
    internal bool IsCompletedAt(int position)
    {
        Future<T> handle = handles.ElementAt(position);
        return handle.IsDefault || handle.IsCompleted;
    }

    internal T AwaitAt(WynContext ctx, int position)
    {
        Future<T> handle = handles.ElementAt(position);
        if (handle.IsDefault)
        {
            return ValueAt(position);
        }

        T value = WynFuture<T>.AwaitHandle(ctx, handle);

        // Value first, then the handle: a reader that sees the cleared handle finds the value. The
        // element is looked up again because the array may have grown while this thread waited.
        StoreValue(position, value);
        handles.ElementAt(position) = default;

        // As for any await: a panic elsewhere ends the program, so its awaiters do not carry on.
        ctx.ThrowIfFailed();
        return value;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        ((IWynValue)this).AppendTo(text);
        return text.ToString();
    }

    void IWynValue.AppendTo(StringBuilder text)
    {
        text.Append('[');
        for (int i = 0; i < handles.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            WynFormat.AppendElement(text, Peek(i));
        }

        text.Append(']');
    }

    bool IWynValue.StructurallyEquals(object? other)
    {
        if (other is not WynFutureArray<T> array || array.Count != Count)
        {
            return false;
        }

        for (int i = 0; i < handles.Count; i++)
        {
            if (!WynEquality.AreEqual(Peek(i), array.Peek(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Element <paramref name="position"/> as a future, for formatting and equality only (not shared: never awaited).</summary>
    private WynFuture<T> Peek(int position)
    {
        Future<T> handle = handles.ElementAt(position);
        return handle.IsDefault ? WynFuture<T>.FromValue(ValueAt(position)) : new WynFuture<T>(handle);
    }

    private T ValueAt(int position) =>
        values is not null && position < values.Count ? values.ElementAt(position) : default!;

    /// <summary>Keeps the value of an awaited element; the value array grows with default values up to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreValue(int position, T value)
    {
        WynArray<T> kept = values ??= new WynArray<T>();
        while (kept.Count <= position)
        {
            kept.Push(default!);
        }

        kept.ElementAt(position) = value;
    }
}
