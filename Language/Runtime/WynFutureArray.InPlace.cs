using System.Runtime.CompilerServices;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Spawns pushed straight into the array (<c>futs.push(spawn f(x))</c>): the task writes its value over
/// its element and no engine future slot is rented for it. Decision 0009 explains why and when.
/// </summary>
/// <remarks>
/// Only for values that fit in the element (<see cref="ValuesInPlace"/>) and only where elements no
/// longer move (<see cref="WynArray{T}.ElementsStayPut"/>: once the array has grown to a full chunk, which an
/// array of futures is given at once when it holds <see cref="InPlaceFromCount"/> elements).
/// Per element, besides the "holds its value" bit of <c>awaitedBits</c>:
/// <list type="bullet">
/// <item><b>pending</b> (set by the push): a task will write the value; the element holds nothing yet.</item>
/// <item><b>claimed</b> (in <c>awaitedBits</c>, next to the value bit): the element is taken. A task sets
/// it together with the value bit, once its value is in; a <c>Set</c>/<c>pop</c> sets it to detach the
/// element before its task finished (and a failing task, to record its failure). The task claims
/// without an atomic instruction: it announces the element (<see cref="InPlaceWriters"/>), looks for a
/// detacher's mark, and writes only if there is none; a detacher marks, runs a process-wide barrier and
/// waits for a task it finds announcing that element. A detached task's value still reaches whoever
/// waits for it, but never the element.</item>
/// </list>
/// A reader of a pending element registers a promise under the element's position and then looks at
/// the awaited bit again; the task sets the awaited bit and then looks for registered promises. Both
/// steps are full fences, so at least one of them sees the other, and the promise is completed once
/// (under the lock, by whoever removes it). After a detach the array makes no more in-place pushes:
/// the detached task may still set its claimed bit later, and no position is handed to a new task
/// while an old one could write to it.
/// </remarks>
public sealed partial class WynFutureArray<T>
{
    // One bit per element, written only by the pushing thread. Apart from awaitedBits (where the
    // finishing tasks write), so that the spawner and the workers do not bounce a cache line per task.
    private ChunkedSlots<ulong>? pendingBits;
    private InPlaceWaits? waits;
    private WynEngine? inPlaceEngine;
    private int waiting;                         // promises registered in waits, read by every finishing task
    private bool inPlaceRetired;

    /// <summary>
    /// Reserves the next element for a task that will write its value there, or returns false when
    /// this array cannot take one (the caller then pushes an ordinary future).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per spawn: JIT-compiled, not ReadyToRun code (decision 0011)
    internal bool TryReserveInPlace(WynEngine engine, out int position)
    {
        if (!ValuesInPlace || inPlaceRetired || !handles.ElementsStayPut && !TryStopMovingElements())
        {
            position = 0;
            return false;
        }

        inPlaceEngine ??= engine;
        position = (int)handles.Count;
        handles.PushUnwritten();   // past the count there are no bits (pop clears them); the task writes the element
        Side(ref awaitedBits);     // before the task exists: it claims and marks without a null check
        // A plain read-modify-write: only the pushing thread writes pending bits (pushes to one array
        // from several threads at once race in WynArray.Push anyway), and tasks never read them.
        Side(ref pendingBits).At(position >> 6) |= Bit(position);
        return true;
    }

    /// <summary>
    /// From this many elements on, an array whose head still grows by doubling gets its full head
    /// (<see cref="WynArray{T}.ChunkLength"/> elements, 512 KiB of handles) at once, so that its later
    /// spawns go in place instead of waiting for the 32,769th element, where doubling reaches the full
    /// head anyway. Small arrays of futures (a task's own fan-out) never pay for a full head; from here
    /// on the head costs at most 32 times the elements it holds. Decision 0009, session-7 section.
    /// </summary>
    internal const int InPlaceFromCount = 2048;

    /// <summary>Makes the elements stay put early (see <see cref="InPlaceFromCount"/>); false while the array is small.</summary>
    private bool TryStopMovingElements()
    {
        if (handles.Count < InPlaceFromCount)
        {
            return false;
        }

        handles.StopMovingElements();
        return true;
    }

    /// <summary>
    /// The storage (head or chunk) holding element <paramref name="position"/> and the position of its
    /// first element: tasks write through it, never reading the array's own fields, which the pushing
    /// thread keeps writing.
    /// </summary>
    internal Future<T>[] InPlaceStorage(int position, out int firstPosition)
    {
        Future<T>[] storage = handles.StorageOf(position, out int offset);
        firstPosition = position - offset;
        return storage;
    }

    /// <summary>The spawner that pushed in place last (Emit/InPlaceSpawner.cs): reused while it fits.</summary>
    internal object? LastInPlaceSpawner { get; set; }

    /// <summary>The task of element <paramref name="position"/> (at <paramref name="offset"/> in <paramref name="storage"/>) finished with <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per task: JIT-compiled, not ReadyToRun code (decision 0011)
    internal void CompleteInPlace(Future<T>[] storage, int offset, int position, T value)
    {
        // Claimed without an atomic instruction: announce the element, then look for a detacher's
        // mark (InPlaceWriters explains why a detacher that marks it first always sees one or the other).
        InPlaceWriters.Writer writer = InPlaceWriters.Announce(this, position);
        try
        {
            ref ulong word = ref awaitedBits!.At(BitsWord(position));   // located once for the look and the mark
            if ((Volatile.Read(ref word) & ClaimedBit(position)) == 0)
            {
                PlaceAt(ref word, storage, offset, position, value);
            }
        }
        finally
        {
            // Never left standing: a detacher would wait for it for good.
            InPlaceWriters.Withdraw(writer);
        }

        // Detached or not, whoever registered a promise for this task gets its value.
        if (Volatile.Read(ref waiting) != 0)
        {
            Waits().Release(this, position, value, null);
        }
    }

    /// <summary>Whether a detacher (or a failing task) has marked element <paramref name="position"/> as taken.</summary>
    internal bool IsClaimed(int position) => (Volatile.Read(ref awaitedBits!.At(BitsWord(position))) & ClaimedBit(position)) != 0;

    /// <summary>Writes the task's value into its element and marks the element as holding it (and claimed, so that a later Set or pop finds it taken).</summary>
    internal void Place(Future<T>[] storage, int offset, int position, T value) =>
        PlaceAt(ref awaitedBits!.At(BitsWord(position)), storage, offset, position, value);

    private static void PlaceAt(ref ulong word, Future<T>[] storage, int offset, int position, T value)
    {
        Future<T> composite = default;
        Unsafe.As<Future<T>, T>(ref composite) = value;
        storage[offset] = composite;
        // Also the release that publishes the value to a reader who sees the bit.
        Interlocked.Or(ref word, ValueBit(position) | ClaimedBit(position));
    }

    /// <summary>The task of element <paramref name="position"/> failed (the program is ending: WYN-CORE §6).</summary>
    internal void FailInPlace(int position, Exception error)
    {
        Claim(position);
        Waits().Release(this, position, default!, error);
    }

    /// <summary>True when the caller (the task) now owns the element: nobody detached it first.</summary>
    private bool Claim(int position) =>
        (Interlocked.Or(ref awaitedBits!.At(BitsWord(position)), ClaimedBit(position)) & ClaimedBit(position)) == 0;

    private static ulong Bit(int position) => 1UL << position;   // pending bits: the shift count is taken mod 64

    /// <summary>
    /// The word of <c>awaitedBits</c> holding element <paramref name="position"/>'s two bits: 32
    /// elements per word, and the words of 64 consecutive 32-element runs spread over 8 cache lines
    /// (within a 512-byte block, word w sits at (w % 8) * 8 + w / 8). Two workers running the two
    /// halves of a spawn batch, consecutive runs of positions, then set bits in different cache lines
    /// instead of bouncing one line between them on every task.
    /// </summary>
    private static int BitsWord(int position)
    {
        int word = position >> 5;
        return (word & ~63) | ((word & 7) << 3) | ((word >> 3) & 7);
    }

    /// <summary>In <c>awaitedBits</c>: the element holds its value.</summary>
    private static ulong ValueBit(int position) => 1UL << ((position & 31) << 1);

    /// <summary>In <c>awaitedBits</c>: the element's task claimed it, or a Set/pop detached it first.</summary>
    private static ulong ClaimedBit(int position) => 2UL << ((position & 31) << 1);

    /// <summary>True when element <paramref name="position"/> was pushed in place (its value may or may not be there yet).</summary>
    private bool HasPendingBit(int position)
    {
        ChunkedSlots<ulong>? bits = Volatile.Read(ref pendingBits);
        return bits is not null && (bits.ReadAcquire(position >> 6) & Bit(position)) != 0;
    }

    /// <summary>True when element <paramref name="position"/> waits for its task's value (pushed in place, value not there yet).</summary>
    private bool IsPendingInPlace(int position) => HasPendingBit(position) && !HasAwaitedBit(position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HasAwaitedBit(int position)
    {
        ChunkedSlots<ulong>? bits = Volatile.Read(ref awaitedBits);
        return bits is not null && (bits.ReadAcquire(BitsWord(position)) & ValueBit(position)) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ValueInElement(int position)
    {
        Future<T> element = handles.ElementAt(position);
        return Unsafe.As<Future<T>, T>(ref element);
    }

    /// <summary><c>await futs[i]</c> of a pending element: waits for its task's value through a promise.</summary>
    private T AwaitInPlace(WynContext ctx, int position)
    {
        T value = WynFuture<T>.AwaitHandle(ctx, Forward(position, preserve: false));
        ctx.ThrowIfFailed();
        return value;
    }

    /// <summary>
    /// A future completed with the value of pending element <paramref name="position"/>: consumed by one
    /// await, or (<paramref name="preserve"/>) preserved and shared by every copy of the element.
    /// </summary>
    private Future<T> Forward(int position, bool preserve)
    {
        InPlaceWaits w = Waits();
        Promise<T> promise;
        lock (w.Gate)
        {
            if (preserve && w.Shared.TryGetValue(position, out Future<T> shared))
            {
                return shared;
            }

            promise = inPlaceEngine!.CreatePromise<T>();
            if (w.Failures.TryGetValue(position, out Exception? failure))
            {
                promise.SetException(failure);
                return Keep(w, position, promise.Future, preserve);
            }

            w.Add(position, promise);
            Interlocked.Increment(ref waiting);
        }

        // The task may have placed its value before it could see this promise: then complete it here
        // (unless the task did, which the lock decides).
        if (HasAwaitedBit(position))
        {
            T value = ValueInElement(position);
            lock (w.Gate)
            {
                if (w.Remove(position, promise))
                {
                    Interlocked.Decrement(ref waiting);
                    promise.SetResult(value);
                }
            }
        }

        if (!preserve)
        {
            return promise.Future;
        }

        lock (w.Gate)   // Preserve must not race the task completing the promise (Release holds the gate)
        {
            return Keep(w, position, promise.Future, preserve);
        }
    }

    private static Future<T> Keep(InPlaceWaits w, int position, Future<T> future, bool preserve)
    {
        if (!preserve)
        {
            return future;
        }

        Future<T> preserved = future.Preserve();
        w.Shared[position] = preserved;
        return preserved;
    }

    /// <summary>
    /// Before <c>Set</c> or <c>pop</c> changes element <paramref name="position"/>: an element still
    /// waiting for its task is detached from it (or, if the task just claimed it, its value awaited —
    /// microseconds), and the element's in-place bits are cleared.
    /// </summary>
    private void LeaveInPlace(int position)
    {
        ChunkedSlots<ulong>? bits = Volatile.Read(ref pendingBits);
        if (bits is null || !HasPendingBit(position))
        {
            return;
        }

        bool detached = false;
        if (!HasAwaitedBit(position))
        {
            if (Claim(position) && !TaskPlacedItsValueMeanwhile(position))
            {
                // Detached: the task will find the element claimed. Its claimed bit stays set, and no
                // position is reserved in place again (see remarks).
                inPlaceRetired = true;
                detached = true;
            }
            else if (!HasAwaitedBit(position))
            {
                // Claimed by someone else: its task failed (the failure is recorded at once), its value
                // bit is on its way, or, in a program racing two pops of one element, the other pop
                // detached it: then the bound ends the wait.
                var spinner = default(SpinWait);
                long deadline = Environment.TickCount64 + OtherAwaiterPatienceMilliseconds;
                while (!HasAwaitedBit(position) && !Waits().HasFailed(position) && Environment.TickCount64 < deadline)
                {
                    spinner.SpinOnce();
                }
            }
        }

        Interlocked.And(ref bits.At(position >> 6), ~Bit(position));
        if (!detached)
        {
            Interlocked.And(ref awaitedBits!.At(BitsWord(position)), ~ClaimedBit(position));
        }
        if (Volatile.Read(ref waits) is { } w)
        {
            lock (w.Gate)
            {
                w.Shared.Remove(position);
                w.Failures.Remove(position);
            }
        }
    }

    /// <summary>
    /// After a detacher's mark on pending element <paramref name="position"/>: true when its task had
    /// already looked, found no mark and placed its value (the element is then not detached). A task
    /// claims without an atomic instruction (CompleteInPlace); see InPlaceWriters.
    /// </summary>
    private bool TaskPlacedItsValueMeanwhile(int position)
    {
        Interlocked.MemoryBarrierProcessWide();
        InPlaceWriters.WaitWhileAnyPlaces(this, position);
        return HasAwaitedBit(position);
    }

    private InPlaceWaits Waits()
    {
        InPlaceWaits? existing = Volatile.Read(ref waits);
        if (existing is not null)
        {
            return existing;
        }

        Interlocked.CompareExchange(ref waits, new InPlaceWaits(), null);
        return waits!;
    }

    /// <summary>Promises of readers waiting for pending elements, and the failures of their tasks, by position.</summary>
    private sealed class InPlaceWaits
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<int, Future<T>> Shared = [];
        public readonly Dictionary<int, Exception> Failures = [];
        private readonly Dictionary<int, List<Promise<T>>> promises = [];

        public void Add(int position, Promise<T> promise)
        {
            if (!promises.TryGetValue(position, out List<Promise<T>>? list))
            {
                promises[position] = list = [];
            }

            list.Add(promise);
        }

        public bool Remove(int position, Promise<T> promise)
        {
            if (!promises.TryGetValue(position, out List<Promise<T>>? list))
            {
                return false;
            }

            Future<T> wanted = promise.Future;
            int at = list.Count - 1;
            while (at >= 0 && !list[at].Future.Equals(wanted))
            {
                at--;
            }

            if (at < 0)
            {
                return false;
            }

            list.RemoveAt(at);
            if (list.Count == 0)
            {
                promises.Remove(position);
            }

            return true;
        }

        public bool HasFailed(int position)
        {
            lock (Gate)
            {
                return Failures.ContainsKey(position);
            }
        }

        /// <summary>Completes (and forgets) every promise waiting for <paramref name="position"/>; a failure is also kept for later readers.</summary>
        public void Release(WynFutureArray<T> array, int position, T value, Exception? error)
        {
            lock (Gate)
            {
                if (error is not null)
                {
                    Failures[position] = error;
                }

                if (!promises.Remove(position, out List<Promise<T>>? list))
                {
                    return;
                }

                Interlocked.Add(ref array.waiting, -list.Count);
                foreach (Promise<T> promise in list)
                {
                    if (error is null)
                    {
                        promise.SetResult(value);
                    }
                    else
                    {
                        promise.SetException(error);
                    }
                }
            }
        }
    }
}
