using System.Runtime.CompilerServices;
using System.Text;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Wyn <c>[Future&lt;T&gt;]</c>: an array of futures that stores 8 bytes per element — the engine
/// handle — instead of a whole <see cref="WynFuture{T}"/> (handle plus room for the value, 16 bytes
/// for an int result), while "awaiting a future twice returns the same value" (WYN-CORE §3) still
/// holds for its elements.
/// </summary>
/// <remarks>
/// Why: W1 at 10M (<c>futs.push(spawn compute(i))</c> ten million times, then await them all) is the
/// memory benchmark. With 16-byte elements the array was 160 MB next to the engine's 160 MB of
/// future slots (docs/language.md, "Memory").
/// <para>
/// Where an awaited element's value goes: for a value that fits in a handle and holds no references
/// (int, float, bool, nothing) it <b>replaces the handle in place</b>, and one bit per element
/// (<c>awaitedBits</c>) says which elements hold values. Otherwise (strings, arrays, …) the element's
/// handle becomes default and the value goes to <c>values</c>, a second array that grows only as far
/// as the highest index awaited. A separate array alone would not do for W1: the engine keeps the
/// memory of released future slots for reuse, so the values would come on top of it.
/// </para>
/// <para>
/// Same semantics as an array of <see cref="WynFuture{T}"/>: reading an element as a value shares it
/// (<see cref="Get"/>), awaiting it in place consumes the handle (<see cref="Await"/>). Not
/// synchronized, like <see cref="WynArray{T}"/>.
/// </para>
/// </remarks>
public sealed partial class WynFutureArray<T> : IWynValue
{
    /// <summary>
    /// True when a value can be written over its element's handle: no references on either side (the
    /// GC must never see one written over the other) and no wider than the handle. Folded by the JIT.
    /// </summary>
    private static readonly bool ValuesInPlace =
        !RuntimeHelpers.IsReferenceOrContainsReferences<T>()
        && !RuntimeHelpers.IsReferenceOrContainsReferences<Future<T>>()
        && Unsafe.SizeOf<T>() <= Unsafe.SizeOf<Future<T>>();

    private readonly WynArray<Future<T>> handles;

    // Beside the handles, in storage that never moves, because tasks sharing the array may await
    // different elements at the same time (see ChunkedSlots); created on the first await.
    // ValuesInPlace: two bits per element (ValueBit, ClaimedBit): the element holds its value; the
    // element was claimed by its task or detached from it (spawns pushed in place only).
    private ChunkedSlots<ulong>? awaitedBits;
    private ChunkedSlots<T>? values;            // otherwise: values of awaited elements (default handle)

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
        if (TryGetValue(position, out T value))
        {
            return WynFuture<T>.FromValue(value);
        }

        if (HasPendingBit(position))
        {
            return new WynFuture<T>(Forward(position, preserve: true));   // placed meanwhile: Forward sees it
        }

        ref Future<T> handle = ref handles.ElementAt(position);
        long deadline = Environment.TickCount64 + OtherAwaiterPatienceMilliseconds;
        var spinner = default(SpinWait);
        while (true)
        {
            Future<T> seen = handle;
            try
            {
                Future<T> preserved = seen.Preserve();   // the same handle when it is already preserved
                if (!WynFuture<T>.SameHandle(preserved, seen))
                {
                    // Only the thread whose Preserve moved the generation on writes the new handle back:
                    // nobody else can have stored into the element since (an await in place needs this
                    // handle, or consumes the old one, which makes this Preserve throw). Writing back
                    // an already preserved handle could land after an awaiter in place stored its
                    // value over that handle: the element would then hold the handle's bits with its
                    // "holds its value" bit set, and every later read would take them for the value.
                    handles.WriteSurvivingGrowth(position, preserved);
                }

                return new WynFuture<T>(preserved);
            }
            catch (InvalidOperationException) when (Environment.TickCount64 < deadline)
            {
                // Tasks sharing the array copy the same element at once (e.g. each runs `for f in futs`):
                // the one whose Preserve won is about to store the preserved handle, or an awaiter its
                // value. Read the element again.
                spinner.SpinOnce();
                if (TryGetSettledValue(position, out T settled))
                {
                    return WynFuture<T>.FromValue(settled);
                }
            }
        }
    }

    /// <summary>
    /// How long a thread that lost a race on one element (another task preserved or consumed its handle
    /// first) waits for the winner to store the result; the winner does so microseconds later. Past it
    /// the engine's stale-handle error is rethrown, as a genuinely stale handle would be.
    /// </summary>
    private const int OtherAwaiterPatienceMilliseconds = 2000;

    public void Set(long index, WynFuture<T> value, int line)
    {
        int position = handles.Resolve(index, line);
        LeaveInPlace(position);
        Store(position, value);
    }

    public void Push(WynFuture<T> value)
    {
        if (!value.Handle.IsDefault)
        {
            handles.Push(value.Handle);   // past the count there are no awaited bits or values (Pop clears them)
            return;
        }

        int position = (int)handles.Count;
        handles.Push(default);
        StoreValue(position, value.Result);
    }

    public WynFuture<T> Pop(int line)
    {
        int position = (int)handles.Count - 1;
        Future<T> handle = handles.Pop(line);   // panics on an empty array before position is used
        WynFuture<T> popped = HasPendingBit(position)
            ? (HasAwaitedBit(position) ? WynFuture<T>.FromValue(ValueInElement(position)) : new WynFuture<T>(Forward(position, preserve: false)))
            : TryGetValue(position, handle, out T value) ? WynFuture<T>.FromValue(value) : new WynFuture<T>(handle);
        LeaveInPlace(position);

        // A later push at this position must not find the popped value, nor keep it reachable.
        ClearAwaitedBit(position);
        if (values is not null && values.Exists(position))
        {
            values.At(position) = default!;
        }

        return popped;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per await: JIT-compiled, not ReadyToRun code (decision 0011)
    public static T Await(WynContext ctx, WynFutureArray<T> array, long index, int line)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(array);
        return array.AwaitAt(ctx, array.handles.Resolve(index, line));
    }

    /// <summary>
    /// <see cref="WynFuture{T}.WhenFinished(WynContext, Future{T})"/> for <c>await futs[i]</c>:
    /// suspends the task until the element's work has finished. An element spawned in place whose
    /// handle is not there yet is left to the blocking await that follows.
    /// </summary>
    public static ValueTask WhenFinished(WynContext ctx, WynFutureArray<T> array, long index, int line)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(array);
        int position = array.handles.Resolve(index, line);
        return array.IsCompletedAt(position) || !array.TryGetHandleAt(position, out Future<T> handle)
            ? default
            : WynFuture<T>.WhenFinished(ctx, handle);
    }

    /// <summary>The engine handle of element <paramref name="position"/> when it holds one (not a kept value, not spawned in place): for a wait that suspends (SuspendedAwaitMany).</summary>
    internal bool TryGetHandleAt(int position, out Future<T> handle)
    {
        handle = default;
        if (HasPendingBit(position) || TryGetValue(position, out _))
        {
            return false;
        }

        handle = handles.ElementAt(position);
        return !handle.IsDefault;
    }

    /// <summary>The position of <paramref name="index"/> (negative counts from the end); out of range is a panic.</summary>
    internal int Resolve(long index, int line) => handles.Resolve(index, line);

    /// <summary>True when element <paramref name="position"/> can be awaited without blocking (for <c>await_any</c>).</summary>
    internal bool IsCompletedAt(int position) =>
        TryGetValue(position, out _)
        || (HasPendingBit(position)
            ? HasAwaitedBit(position) || (Volatile.Read(ref waits) is { } w && w.HasFailed(position))
            : IsHandleCompletedAt(position));

    private bool IsHandleCompletedAt(int position)
    {
        Future<T> handle = handles.ElementAt(position);
        try
        {
            return handle.IsCompleted;
        }
        catch (InvalidOperationException)
        {
            // The element changed under this look, as in AwaitAt: another task copied it (Get
            // preserved its handle, so the one read here is stale) or awaited it in place (a value is
            // being stored over the handle; its bits are no handle). Not known to be finished unless
            // the value is there now; await_any looks again on its next round.
            return TryGetSettledValue(position, out _);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal T AwaitAt(WynContext ctx, int position) =>
        TryGetValue(position, out T kept) ? kept : AwaitNotKept(ctx, position);

    /// <summary>The rest of <see cref="AwaitAt"/>, apart so that the common case (the value is in the element) stays a few instructions.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T AwaitNotKept(WynContext ctx, int position)
    {
        if (HasPendingBit(position))
        {
            return AwaitInPlace(ctx, position);   // placed meanwhile: Forward sees it
        }

        T value;
        Future<T> tried = handles.ElementAt(position);
        try
        {
            value = WynFuture<T>.AwaitHandle(ctx, tried);
        }
        catch (InvalidOperationException) when (ctx.Failure is null)
        {
            // Several tasks awaited this element in place at once: the engine handle is consume-once,
            // so one of them got the value and the others the stale-handle error. The winner stores
            // the value in the element right away; take it from there (same value, as WYN-CORE says).
            // Or a task copied the element meanwhile (Get): the element then holds the preserved
            // handle instead, which is awaited in turn.
            return WaitForValueStoredByOtherAwaiter(ctx, position, tried);
        }

        // The element is looked up again (inside StoreValue): the array may have grown while this thread waited.
        StoreValue(position, value);

        // As for any await: a panic elsewhere ends the program, so its awaiters do not carry on.
        ctx.ThrowIfFailed();
        return value;
    }

    private T WaitForValueStoredByOtherAwaiter(WynContext ctx, int position, Future<T> tried)
    {
        long deadline = Environment.TickCount64 + OtherAwaiterPatienceMilliseconds;
        var spinner = default(SpinWait);
        T value;
        while (!TryGetSettledValue(position, out value))
        {
            ctx.ThrowIfFailed();
            Future<T> now = handles.ElementAt(position);
            if (!now.IsDefault && !WynFuture<T>.SameHandle(now, tried))
            {
                // Not a value but another handle: a copy preserved the element's future (Get)
                // after this thread read the old handle. Await the element afresh.
                return AwaitAt(ctx, position);
            }

            if (Environment.TickCount64 >= deadline)
            {
                throw new InvalidOperationException($"future array element {position} was consumed but its value never arrived");
            }

            spinner.SpinOnce();
        }

        ctx.ThrowIfFailed();
        return value;
    }

    /// <summary>
    /// Like <see cref="TryGetValue(int, out T)"/>, but safe against a concurrent <see cref="StoreValue"/>
    /// of the same element: in place, the "holds a value" bit is read before the element (it is set
    /// after the value was written), so a handle is never mistaken for a value.
    /// </summary>
    private bool TryGetSettledValue(int position, out T value)
    {
        if (ValuesInPlace)
        {
            ChunkedSlots<ulong>? bits = Volatile.Read(ref awaitedBits);
            if (bits is not null && (bits.ReadAcquire(BitsWord(position)) & ValueBit(position)) != 0)   // the bit before the element
            {
                Future<T> slot = handles.ElementAt(position);
                value = Unsafe.As<Future<T>, T>(ref slot);
                return true;
            }

            value = default!;
            return false;
        }

        return TryGetValue(position, out value) && handles.ElementAt(position).IsDefault;
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
        // As `==` (ArrayEquality.AreFutureArraysEqual): the same array is equal to itself, although
        // futures are never equal to each other; so assert_eq(fs, fs) passes.
        if (ReferenceEquals(this, other))
        {
            return true;
        }

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
    private WynFuture<T> Peek(int position) =>
        TryGetValue(position, out T value) ? WynFuture<T>.FromValue(value)
        : IsPendingInPlace(position) ? default   // not awaited; prints and compares as any future
        : new WynFuture<T>(handles.ElementAt(position));

    /// <summary>Stores a future at <paramref name="position"/>: its value if it has been awaited, else its handle.</summary>
    private void Store(int position, WynFuture<T> future)
    {
        if (future.Handle.IsDefault)
        {
            StoreValue(position, future.Result);
            return;
        }

        handles.WriteSurvivingGrowth(position, future.Handle);
        ClearAwaitedBit(position);
    }

    private void ClearAwaitedBit(int position)
    {
        ChunkedSlots<ulong>? bits = Volatile.Read(ref awaitedBits);
        if (bits is not null && bits.Exists(BitsWord(position)))
        {
            Interlocked.And(ref bits.At(BitsWord(position)), ~ValueBit(position));
        }
    }

    /// <summary>True, with its value, when element <paramref name="position"/> has been awaited (or holds a default future).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryGetValue(int position, out T value)
    {
        if (!ValuesInPlace)
        {
            return TryGetValue(position, handles.ElementAt(position), out value);
        }

        // The bit before the element: a task or awaiter storing the value sets the bit after it. (Not
        // the element first: a task placing its value between the two reads would hand back the
        // element as it was before, e.g. 0.)
        if (HasAwaitedBit(position))
        {
            value = ValueInElement(position);
            return true;
        }

        value = default!;
        return !HasPendingBit(position) && handles.ElementAt(position).IsDefault;   // a default handle: a default future
    }

    private bool TryGetValue(int position, Future<T> handle, out T value)
    {
        if (ValuesInPlace)
        {
            ChunkedSlots<ulong>? bits = Volatile.Read(ref awaitedBits);
            if (bits is not null && (bits.Read(BitsWord(position)) & ValueBit(position)) != 0)
            {
                value = Unsafe.As<Future<T>, T>(ref handle);
                return true;
            }

            if (IsPendingInPlace(position))
            {
                value = default!;   // its task has not written it yet (WynFutureArray.InPlace.cs)
                return false;
            }
        }
        else if (handle.IsDefault)
        {
            ChunkedSlots<T>? kept = Volatile.Read(ref values);
            value = kept is not null ? kept.Read(position) : default!;
            return true;
        }

        // A default handle that was never a value (in place: not marked) is a default future: awaited, default value.
        value = default!;
        return handle.IsDefault;
    }

    /// <summary>Keeps the value of an awaited element in place of its handle, or in <c>values</c> with a default handle.</summary>
    private void StoreValue(int position, T value)
    {
        if (ValuesInPlace)
        {
            // Value first, then the bit (atomically: neighbours share the word): a reader that sees the bit finds the value.
            // The value is composed in a local and stored with one write, so that a concurrent reader
            // of the element never sees a half-written one (a default handle would read as value 0).
            Future<T> composite = default;
            Unsafe.As<Future<T>, T>(ref composite) = value;
            handles.WriteSurvivingGrowth(position, composite);
            Interlocked.Or(ref Side(ref awaitedBits).At(BitsWord(position)), ValueBit(position));
            return;
        }

        // Value first, then the cleared handle, in that order for any reader.
        Side(ref values).At(position) = value;
        Interlocked.MemoryBarrier();
        handles.WriteSurvivingGrowth(position, default);
    }

    /// <summary>The side storage in <paramref name="field"/>, created once even if two threads get here together.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ChunkedSlots<TSlot> Side<TSlot>(ref ChunkedSlots<TSlot>? field)
    {
        ChunkedSlots<TSlot>? existing = Volatile.Read(ref field);
        if (existing is not null)
        {
            return existing;
        }

        Interlocked.CompareExchange(ref field, new ChunkedSlots<TSlot>(), null);
        return field!;
    }
}
