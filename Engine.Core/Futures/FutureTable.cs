using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// The completion records of every <see cref="Future{T}"/> of one result type, shared by all engines
/// (a handle is then just (slot, generation): 8 bytes). Failures, continuations and blocked waiters
/// are rare and kept aside, so the common path touches one 16-byte slot.
/// </summary>
internal static class FutureTables
{
    /// <summary>
    /// Slots per chunk for tables created from now on: set from <see cref="EngineOptions.FutureChunkSize"/>
    /// by each engine as it is created. The tables are shared by all engines (that keeps a handle at
    /// 8 bytes), so a table's chunk size is that of the engine current when the table was first used.
    /// </summary>
    public static volatile int ChunkSize = 1024;

    private static readonly object s_lock = new();
    private static Func<int, (long Rented, long Returned)>[] s_tagCounters = [];

    /// <summary>Called once per result type, when its table is created.</summary>
    public static void Register(Func<int, (long Rented, long Returned)> tagCounters)
    {
        lock (s_lock)
            s_tagCounters = [.. s_tagCounters, tagCounters];
    }

    /// <summary>Future slots engine <paramref name="engineId"/> rented and got back (consumed or preserved), over every result type.</summary>
    public static (long Rented, long Returned) CountersOf(int engineId)
    {
        long rented = 0, returned = 0;
        foreach (var counters in Volatile.Read(ref s_tagCounters))
        {
            var (r, t) = counters(engineId);
            rented += r;
            returned += t;
        }
        return (rented, returned);
    }
}

internal static class FutureTable<T>
{
    /// <summary>Monitors blocked awaiters wait on, striped by slot id: a lock object per slot would be a million objects.</summary>
    private const int WaiterStripes = 64;

    private static Slab<FutureSlot<T>>? s_slab;
    private static readonly object s_createLock = new();
    private static readonly ConcurrentDictionary<int, ExceptionDispatchInfo> s_errors = new();
    // Continuations by slot, each with the generation of the handle that registered it: an old
    // handle's registration can land after its slot was reused (sweep 8), and must neither run as the
    // new task's nor keep the new task's own awaiter out.
    private static readonly ConcurrentDictionary<int, Continuation> s_continuations = new();

    private readonly record struct Continuation(int Generation, Action<object?> Action, object? State, bool Inline);
    private static readonly object[] s_waiters = CreateWaiters();

    public static Slab<FutureSlot<T>> Slab
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_slab ?? Create(FutureTables.ChunkSize);
    }

    /// <summary>Creates the table on first use with <paramref name="chunkSize"/> slots per chunk (the first engine's FutureChunkSize wins).</summary>
    public static Slab<FutureSlot<T>> Create(int chunkSize)
    {
        lock (s_createLock)
        {
            if (s_slab is null)
            {
                var slab = new Slab<FutureSlot<T>>(new SlabPoolOptions { ChunkSize = chunkSize, RetainedLimit = 1 << 20 });
                FutureTables.Register(slab.GetTagCounters);
                s_slab = slab;
            }
            return s_slab;
        }
    }

    private static object[] CreateWaiters()
    {
        var waiters = new object[WaiterStripes];
        for (int i = 0; i < waiters.Length; i++)
            waiters[i] = new object();
        return waiters;
    }

    /// <summary>
    /// A new incomplete slot tagged with the spawning engine. The slab counts rents and frees per
    /// engine id, so each engine knows its outstanding futures without a counter of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rent(int engineId, out int generation) => Rent(SlotAllocator.CurrentThreadCaches, engineId, out generation);

    /// <summary><see cref="Rent(int, out int)"/> with the calling thread's allocator caches already read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rent(SlotAllocator.ThreadCaches caches, int engineId, out int generation)
    {
        Slab.RentTagged(caches, engineId, out int slot, out generation).State = engineId << SlotState.EngineShift;
        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref FutureSlot<T> At(int slot) => ref Slab[slot];

    /// <summary>Completes with a value. Called once per slot (by the work's runner or a promise that claimed it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetResult(int slot, T value)
    {
        ref FutureSlot<T> s = ref Slab[slot];
        s.Result = value;
        // The OR is a full fence: the result is visible before the phase.
        int before = Interlocked.Or(ref s.State, SlotState.Succeeded);
        if ((before & (SlotState.HasWaiter | SlotState.HasContinuation)) != 0)
            Notify(slot, before);
    }

    public static void SetException(int slot, Exception error)
    {
        s_errors[slot] = ExceptionDispatchInfo.Capture(error);
        int before = Interlocked.Or(ref Slab[slot].State, SlotState.Faulted);
        if ((before & (SlotState.HasWaiter | SlotState.HasContinuation)) != 0)
            Notify(slot, before);
    }

    public static void SetCancelled(int slot)
    {
        int before = Interlocked.Or(ref Slab[slot].State, SlotState.Cancelled);
        if ((before & (SlotState.HasWaiter | SlotState.HasContinuation)) != 0)
            Notify(slot, before);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Notify(int slot, int before)
    {
        if ((before & SlotState.HasWaiter) != 0)
        {
            // The waiter set HasWaiter while holding the stripe's monitor and then waits on it;
            // taking the monitor here means our pulse cannot fall between its check and its Wait.
            object stripe = s_waiters[slot & (WaiterStripes - 1)];
            lock (stripe)
                Monitor.PulseAll(stripe);
        }
        if ((before & SlotState.HasContinuation) != 0)
            RunContinuation(slot);
    }

    private static void RunContinuation(int slot)
    {
        // Both the completer and a late registrant may get here; whoever removes it runs it.
        if (s_continuations.TryRemove(slot, out Continuation continuation))
            Run(continuation);
    }

    private static void Run(Continuation continuation)
    {
        if (continuation.Inline)
            continuation.Action(continuation.State);
        else
            // C# continuations leave the engine's workers: an async method awaiting a Wyn future must
            // not go on running (and perhaps blocking) on a worker thread.
            ThreadPool.UnsafeQueueUserWorkItem(continuation.Action, continuation.State, preferLocal: false);
    }

    /// <summary>
    /// Registers a continuation of handle (<paramref name="slot"/>, <paramref name="generation"/>) to
    /// run once the slot completes (at once if it already has). Never throws: this runs inside the
    /// async machinery, where an exception would end the process (sweep 8). A stale handle's
    /// registration runs at once, and the result it then asks for reports it. Several registrations
    /// of one handle (a preserved future awaited by many, or copies of one handle awaited at once)
    /// wait together in a <see cref="ContinuationList"/> and all run when the slot completes: none
    /// holds a thread meanwhile, and of unpreserved copies exactly one gets the value.
    /// </summary>
    public static void OnCompleted(int slot, int generation, Action<object?> action, object? state, bool inline)
    {
        var entry = new Continuation(generation, action, state, inline);
        ref FutureSlot<T> s = ref Slab.TryGet(slot);
        while (true)
        {
            if (Unsafe.IsNullRef(ref s) || Volatile.Read(ref s.Generation) != generation)
            {
                Run(entry);   // a stale handle: its result reports it
                return;
            }
            if (s_continuations.TryAdd(slot, entry))
                break;
            if (!s_continuations.TryGetValue(slot, out Continuation existing))
                continue;   // just run and removed: look again
            if (existing.Generation == generation)
            {
                // Another registration of this handle waits already: wait beside it.
                if (existing.State is ContinuationList list)   // a private type: only a list entry holds one
                {
                    if (list.TryAdd(entry))
                        break;
                    continue;   // that list ran (the slot completed): look again
                }
                if (s_continuations.TryUpdate(slot, ContinuationList.Of(generation, existing, entry), existing))
                    break;
                continue;
            }
            // An old handle's registration that lost the race with its slot's reuse: this one takes
            // its place, and it runs now to report its stale handle.
            if (s_continuations.TryUpdate(slot, entry, existing))
            {
                Run(existing);
                break;
            }
        }
        // The slot may have been consumed through a copy of this handle and reused meanwhile: then
        // whatever waits under this handle's generation runs now (and reports the stale handle).
        if (Volatile.Read(ref s.Generation) != generation)
        {
            if (s_continuations.TryGetValue(slot, out Continuation waiting) && waiting.Generation == generation
                && s_continuations.TryRemove(KeyValuePair.Create(slot, waiting)))
                Run(waiting);
            return;
        }
        int before = Interlocked.Or(ref s.State, SlotState.HasContinuation);
        if (SlotState.Phase(before) != SlotState.Incomplete)
            RunContinuation(slot);
    }

    /// <summary>
    /// Continuations of one handle that wait together (see <see cref="OnCompleted"/>); kept in the
    /// side table as one <see cref="Continuation"/> whose action runs them all. Whoever removes that
    /// entry runs it once; a registration arriving after that finds the list closed and looks again.
    /// </summary>
    private sealed class ContinuationList
    {
        public static readonly Action<object?> RunAll = static list => ((ContinuationList)list!).Drain();

        private readonly List<Continuation> _entries;
        private bool _closed;

        private ContinuationList(Continuation first, Continuation second) => _entries = [first, second];

        public static Continuation Of(int generation, Continuation first, Continuation second) =>
            new(generation, RunAll, new ContinuationList(first, second), Inline: true);

        public bool TryAdd(Continuation entry)
        {
            lock (_entries)
            {
                if (_closed)
                    return false;
                _entries.Add(entry);
                return true;
            }
        }

        private void Drain()
        {
            lock (_entries)
                _closed = true;
            // Closed: nobody adds now. Each entry runs by its own rule (inline, or on the thread pool).
            foreach (Continuation entry in _entries)
                Run(entry);
        }
    }

    /// <summary>True while a continuation of handle (<paramref name="slot"/>, <paramref name="generation"/>) waits for the slot.</summary>
    public static bool IsAwaitedBy(int slot, int generation) =>
        s_continuations.TryGetValue(slot, out Continuation continuation) && continuation.Generation == generation;

    /// <summary>Blocks until the slot completes or <paramref name="timeoutMs"/> passes.</summary>
    /// <summary>Wakes whoever waits on the slot's monitor stripe (WaitOnMonitor) without completing it: they look again at what they wait for.</summary>
    public static void WakeWaiter(int slot)
    {
        // The task may have run, its future been consumed and its chunk dropped since: look it up safely.
        ref FutureSlot<T> s = ref Slab.TryGet(slot);
        if (Unsafe.IsNullRef(ref s) || (Volatile.Read(ref s.State) & SlotState.HasWaiter) == 0)
            return;
        object stripe = s_waiters[slot & (WaiterStripes - 1)];
        lock (stripe)
            Monitor.PulseAll(stripe);
    }

    public static void WaitOnMonitor(int slot, int timeoutMs)
    {
        object stripe = s_waiters[slot & (WaiterStripes - 1)];
        lock (stripe)
        {
            int before = Interlocked.Or(ref Slab[slot].State, SlotState.HasWaiter);
            if (SlotState.Phase(before) == SlotState.Incomplete)
                Monitor.Wait(stripe, timeoutMs);
        }
    }

    /// <summary>
    /// Consumes (slot, generation) if it is a live, unpreserved handle whose work succeeded: true with
    /// the value, the slot freed. False, with nothing changed, for anything else (not finished, failed,
    /// preserved, stale, default or foreign), which the caller takes the general way. The state is read
    /// before the generation is checked, by the compare-and-swap: a generation is never reused, so if
    /// the swap succeeds the slot was in this handle's life when its state was read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryConsumeFinished(int slot, int generation, out T result)
    {
        ref FutureSlot<T> s = ref Slab.TryGet(slot);
        if (!Unsafe.IsNullRef(ref s))
        {
            int state = Volatile.Read(ref s.State);
            if ((state & (SlotState.PhaseMask | SlotState.Preserved)) == SlotState.Succeeded
                && (generation & 1) != 0
                && Interlocked.CompareExchange(ref s.Generation, generation + 1, generation) == generation)
            {
                result = s.Result;
                if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                    s.Result = default!;
                s.State = 0;
                Slab.FreeTagged(slot, SlotState.EngineId(state));
                return true;
            }
        }
        result = default!;
        return false;
    }

    /// <summary>
    /// Reads a completed slot's outcome. When the slot is not preserved, retires the handle (exactly one
    /// of several racing holders succeeds; the others get the stale-handle error) and frees the slot.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Consume(int slot, int generation)
    {
        Slab<FutureSlot<T>> slab = Slab;
        if (!slab.Exists(slot))
            ThrowStale();
        ref FutureSlot<T> s = ref slab[slot];
        int state = Volatile.Read(ref s.State);
        if ((state & SlotState.Preserved) != 0)
        {
            // A preserved slot keeps its generation for good; an older handle to it is stale.
            if (Volatile.Read(ref s.Generation) != generation)
                ThrowStale();
            return Outcome(slot, ref s, state, remove: false);
        }
        // Before the retire: retiring an incomplete slot would free it under the running task.
        if (SlotState.Phase(state) == SlotState.Incomplete)
        {
            if (Volatile.Read(ref s.Generation) != generation)
                ThrowStale();
            throw new InvalidOperationException(
                "The future has not completed yet: a copy of this handle is being awaited elsewhere (a Future may be awaited only once; use Preserve() to await it many times).");
        }
        if (!slab.TryRetire(slot, generation))
            ThrowStale();
        T result = Outcome(slot, ref s, state, remove: true, out ExceptionDispatchInfo? error);
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            s.Result = default!;
        s.State = 0;
        slab.FreeTagged(slot, SlotState.EngineId(state));
        error?.Throw();
        if (SlotState.Phase(state) == SlotState.Cancelled)
            ThrowCancelled();
        return result;
    }

    private static T Outcome(int slot, ref FutureSlot<T> s, int state, bool remove)
    {
        T result = Outcome(slot, ref s, state, remove, out ExceptionDispatchInfo? error);
        error?.Throw();
        if (SlotState.Phase(state) == SlotState.Cancelled)
            ThrowCancelled();
        return result;
    }

    private static T Outcome(int slot, ref FutureSlot<T> s, int state, bool remove, out ExceptionDispatchInfo? error)
    {
        error = null;
        switch (SlotState.Phase(state))
        {
            case SlotState.Succeeded:
                return s.Result;
            case SlotState.Faulted:
                if (remove)
                    s_errors.TryRemove(slot, out error);
                else
                    s_errors.TryGetValue(slot, out error);
                error ??= ExceptionDispatchInfo.Capture(new InvalidOperationException("The task failed, but its error was already observed."));
                return default!;
            case SlotState.Cancelled:
                return default!;
            default:
                throw new InvalidOperationException("The future has not completed yet.");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowStale() => throw new InvalidOperationException(
        "This Future handle is stale: it was already awaited (a Future may be awaited once; use Preserve() to await it many times) or it does not belong to a live task.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCancelled() =>
        throw new OperationCanceledException("The engine stopped before this task started: it was spawned after the stop, or left queued by a stop in cancel mode or by a drain that ran out of time.");
}
