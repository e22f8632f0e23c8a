using System.Runtime.CompilerServices;

namespace Wyn.Engine;

/// <summary>
/// A handle to the result of spawned work: (slot, generation), 8 bytes. Like
/// <see cref="System.Threading.Tasks.ValueTask{TResult}"/>, a handle is consumed by one await
/// (<see cref="Await"/>, C# <c>await</c> or <see cref="AsTask"/>), which frees its pooled slot; a
/// consumed, stale or default handle throws <see cref="InvalidOperationException"/> and never reads
/// another task's value. <see cref="Preserve"/> makes a handle that may be awaited any number of times.
/// </summary>
public readonly struct Future<T>
{
    // Slot + 1, so that default(Future<T>) (0) refers to nothing.
    private readonly int _slotPlusOne;
    private readonly int _generation;

    internal Future(int slot, int generation)
    {
        _slotPlusOne = slot + 1;
        _generation = generation;
    }

    /// <summary>True for <c>default(Future&lt;T&gt;)</c>, which refers to no work.</summary>
    public bool IsDefault => _slotPlusOne == 0;

    internal int Slot => _slotPlusOne - 1;

    internal int Generation => _generation;

    /// <summary>True once the work finished (with a value, a failure, or cancelled).</summary>
    public bool IsCompleted => SlotState.Phase(Volatile.Read(ref Validated().State)) != SlotState.Incomplete;

    /// <summary>
    /// Blocks until the work finishes and returns its value, rethrowing its exception with the original
    /// stack. While waiting the calling thread helps: it runs queued work — newest first, which is
    /// usually the awaited task itself if nobody started it — so nested spawn/await never deadlocks,
    /// even with one worker. Consumes the handle (unless preserved).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Await()
    {
        // The common case, a live handle whose work finished with a value, in one look at the slot:
        // FutureTable.TryConsumeFinished's compare-and-swap on the generation is the handle check.
        if (FutureTable<T>.TryConsumeFinished(Slot, _generation, out T result))
            return result;
        return AwaitSlow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T AwaitSlow()
    {
        ref FutureSlot<T> slot = ref Validated();
        if (SlotState.Phase(Volatile.Read(ref slot.State)) == SlotState.Incomplete)
            WaitSlow(Volatile.Read(ref slot.State));
        return FutureTable<T>.Consume(Slot, _generation);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitSlow(int state)
    {
        WynEngine? engine = WynEngine.FromId(SlotState.EngineId(state));
        if (engine is not null)
        {
            engine.HelpUntilComplete<T>(Slot, _generation);
            return;
        }
        while (!WynEngine.IsCompleteOrStale<T>(Slot, _generation))
            FutureTable<T>.WaitOnMonitor(Slot, 100);
    }

    /// <summary>The awaiter behind C# <c>await</c>. Consumes the handle.</summary>
    public FutureAwaiter<T> GetAwaiter()
    {
        ref FutureSlot<T> slot = ref Validated();
        // A second C# await of a pending handle fails here, inside the awaiting method. (Two copies
        // awaited at once may both pass; FutureTable.OnCompleted then lets exactly one of them have
        // the value, and never throws into the thread pool.)
        int state = Volatile.Read(ref slot.State);
        if (SlotState.Phase(state) == SlotState.Incomplete && (state & SlotState.Preserved) == 0 && FutureTable<T>.IsAwaitedBy(Slot, _generation))
            throw new InvalidOperationException("This future is already being awaited; a Future may be awaited only once (use Preserve() to await it many times).");
        return new FutureAwaiter<T>(Slot, _generation);
    }

    /// <summary>
    /// Calls <c>continuation(state)</c> once the work has finished, on the thread that finishes it (at
    /// once, on the calling thread, if it has finished already or the handle is stale). Does not consume
    /// the handle: await it afterwards as usual. For runtimes that queue their own resumption, such as
    /// the Wyn language's suspended tasks (a C# <c>await</c> goes through the thread pool instead, see
    /// <see cref="FutureAwaiter{T}"/>). The continuation must be short and must not throw; a handle may
    /// have several.
    /// </summary>
    public void OnCompletedInline(Action<object?> continuation, object? state)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        FutureTable<T>.OnCompleted(Slot, _generation, continuation, state, inline: true);
    }

    /// <summary>A <see cref="Task{TResult}"/> completing with this future. Consumes the handle.</summary>
    public Task<T> AsTask()
    {
        ref FutureSlot<T> slot = ref Validated();
        if (SlotState.Phase(Volatile.Read(ref slot.State)) != SlotState.Incomplete)
        {
            try
            {
                return Task.FromResult(FutureTable<T>.Consume(Slot, _generation));
            }
            catch (OperationCanceledException e)
            {
                return Task.FromCanceled<T>(e.CancellationToken.IsCancellationRequested ? e.CancellationToken : new CancellationToken(true));
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        FutureTable<T>.OnCompleted(Slot, _generation, static s =>
        {
            var (slot, generation, tcs) = ((int, int, TaskCompletionSource<T>))s!;
            try
            {
                tcs.SetResult(FutureTable<T>.Consume(slot, generation));
            }
            catch (OperationCanceledException)
            {
                tcs.SetCanceled();
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        }, (Slot, _generation, source), inline: true);
        return source.Task;
    }

    /// <summary>
    /// Consumes this handle and returns one that may be awaited any number of times (as may its
    /// copies). The slot is then never reused: keep Preserve for the few futures that need it, not
    /// for millions.
    /// </summary>
    public Future<T> Preserve()
    {
        ref FutureSlot<T> slot = ref Validated();
        if ((Volatile.Read(ref slot.State) & SlotState.Preserved) != 0)
        {
            // Already preserved: this is the preserved handle only if the slot still carries this
            // handle's generation. Another holder of a copy of the unpreserved handle may have
            // preserved it between Validated (which saw the old generation) and the read above; the
            // Preserved flag is set after that holder's generation CAS, so the generation read here
            // is the new one and this copy is stale. Returning it would hand out a "preserved" handle
            // whose every use throws stale (conformance program 192: tasks copying one array element).
            if (Volatile.Read(ref slot.Generation) != _generation)
                FutureTable<T>.ThrowStale();
            return this;
        }
        // Moving the generation on by two (it stays odd: rented) makes every copy of this handle
        // stale, exactly as an await would; only the returned handle carries the new generation.
        if (Interlocked.CompareExchange(ref slot.Generation, _generation + 2, _generation) != _generation)
            FutureTable<T>.ThrowStale();
        int before = Interlocked.Or(ref slot.State, SlotState.Preserved);
        // The slot is never freed now: for its engine's accounts it is no longer outstanding.
        FutureTable<T>.Slab.DetachTagged(SlotState.EngineId(before));
        return new Future<T>(Slot, _generation + 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref FutureSlot<T> Validated()
    {
        int slot = _slotPlusOne - 1;
        if (slot < 0)
            ThrowDefault();
        // A live handle's generation is odd (the slab makes it odd on rent; Preserve moves it on by
        // two). An even one is stale, or bits that never were a handle: a free slot that was never
        // rented has generation 0, and without this check any 8 bytes whose upper half is 0 and whose
        // lower half points into an allocated chunk would pass as a handle to that free slot.
        if ((_generation & 1) == 0)
            FutureTable<T>.ThrowStale();
        ref FutureSlot<T> s = ref FutureTable<T>.Slab.TryGet(slot);
        if (Unsafe.IsNullRef(ref s) || Volatile.Read(ref s.Generation) != _generation)
            FutureTable<T>.ThrowStale();
        return ref s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDefault() =>
        throw new InvalidOperationException("This Future is default: it refers to no spawned work.");
}
