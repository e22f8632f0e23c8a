using System.Diagnostics;
using System.Runtime.CompilerServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// Spawns from a thread outside the workers (main, a request thread), grouped: up to
/// <see cref="MaxCapacity"/> tasks of one function type that travel through the queues as one work item.
/// The spawning thread appends a task with a few plain stores and no atomic instruction, instead of
/// renting a task cell and pushing it; a worker fetches a batch's tasks a cache line at a
/// time instead of one cell (one cross-core miss) per task. Decision 0008 explains the protocol.
/// </summary>
/// <remarks>
/// Life of a batch: its <see cref="Count"/> (the spawner's) and its <see cref="Word"/> (flags):
/// 1. The spawner rents it, writes task 0 and submits it like any item (it sits in the spawner's
///    ring), keeping it "open" in the thread's open-batch array (<see cref="Open"/>): later spawns append while it is open.
/// 2. Whoever removes it from the queues seals it (atomic OR). While the spawner may still append
///    (no WriterGone yet) the sealer first runs a process-wide barrier, so that the spawner's plain
///    stores are visible, then reads the final count and publishes it in <see cref="SealedCount"/>.
///    The spawner checks the seal after each append: an append that lost the race is not in the
///    published count, and goes into a new batch. Open batches leave a spawner's ring closed
///    (FlushExternal) and thieves leave them alone (MayTakeWhileFilling), so the barrier is the rare
///    path: a backstop rescue, or a spawner that went quiet.
/// 3. The executor runs the tasks in order. A worker first hands the upper half of a batch fresh from
///    its spawner to the shared queue; later it splits off the upper half again when a worker is idle
///    (at once from a thread outside the workers; after <see cref="SplitAfterMicroseconds"/> on a
///    worker, so tiny tasks are not shuffled around). It hands the rest off whenever a task it runs
///    waits (<see cref="ShedRunning"/>): a task never waits on a sibling stuck behind it.
/// 4. It goes back to its pool when both the executor is done (Executed) and the spawner let go of it
///    (WriterGone: it filled it, saw the seal, or was about to block). A spawner that takes its own
///    batch lets go in the seal itself, and then recycles it as the only holder.
/// </remarks>
internal abstract class SpawnBatch : WorkItem
{
    /// <summary>Most tasks per batch: enough to amortise the queue traffic; few enough to share out.</summary>
    public const int MaxCapacity = 64;

    /// <summary>
    /// Tasks per batch for an engine: half its <see cref="EngineOptions.BatchSize"/> (the queues move
    /// up to BatchSize items at a time), at least 2 and at most <see cref="MaxCapacity"/>. Tests with a
    /// tiny BatchSize get tiny batches, which reach the full-batch and seal races quickly.
    /// </summary>
    public static int CapacityFor(EngineOptions options) => Math.Clamp(options.BatchSize / 2, 2, MaxCapacity);

    /// <summary>A worker splits a batch for an idle worker only after running it this long (see remarks).</summary>
    protected const int SplitAfterMicroseconds = 20;

    /// <summary>The future slot of a fire-and-forget task (<see cref="WynEngine.Run{TState}"/>): its failure goes to the unhandled-failure policy.</summary>
    public const int NoFuture = -1;

    protected const int Sealed = 1 << 16;
    protected const int WriterGone = 1 << 17;
    protected const int Executed = 1 << 18;
    protected const int CloseRequested = 1 << 19;

    /// <summary>How long a thief leaves a lone open batch to its spawner after asking it to close it (<see cref="MayTakeWhileFilling"/>).</summary>
    private const int QuietSpawnerMicroseconds = 50;

    private static readonly long QuietSpawnerTicks = Stopwatch.Frequency * QuietSpawnerMicroseconds / 1_000_000;

    protected static readonly long SplitAfterTicks = Stopwatch.Frequency * SplitAfterMicroseconds / 1_000_000;

    /// <summary>
    /// The calling thread's open batches, by the batch type's id (<see cref="NewTypeId"/>);
    /// <see cref="s_noBatches"/> on worker threads. Kept with the allocator's per-thread caches
    /// (<see cref="SlotAllocator.ThreadUpper"/>), so that a spawn reads one thread-static for both
    /// (docs/decisions/0012-one-thread-static-per-spawn.md). Only this class stores there.
    /// </summary>
    private static SpawnBatch?[]? Open
    {
        get => Unsafe.As<SpawnBatch?[]?>(SlotAllocator.ThreadUpper);
        set => SlotAllocator.ThreadUpper = value;
    }

    /// <summary>The batch whose task is running on this thread (innermost).</summary>
    [ThreadStatic] private static SpawnBatch? t_running;

    /// <summary>Per type: spawns to make as plain cells before batching again (see <see cref="CellsAfterLoneBatch"/>).</summary>
    [ThreadStatic] private static int[]? t_cellCredit;

    /// <summary>
    /// After a batch was taken holding a single task, this many of the spawner's next spawns (of that
    /// type) go as plain cells. A spawner that awaits each spawn at once (W5, pingpong) gains nothing
    /// from batches and would pay their seal and hand-over per task; one spawning in bulk fills its
    /// batches and never gets here.
    /// </summary>
    private const int CellsAfterLoneBatch = 16;

    private static readonly SpawnBatch?[] s_noBatches = [];
    private static int s_typeCount;

    internal WynEngine Engine = null!;
    internal int Word;
    protected int Count;   // tasks stored; written by the spawner only (release), while it is open
    protected int SealedCount = -1;   // the final count, published by a sealer that raced the spawner (Seal)
    protected long CloseRequestedAt;   // when a thief first asked the spawner to close it (0: never)
    protected int Next;   // executor only
    protected int End;    // executor only
    protected bool FreshFromSpawner;   // executor only: sealed just now, not a split-off part

    /// <summary>A dense id per closed batch type: its index in a thread's open-batch array.</summary>
    protected static int NewTypeId() => Interlocked.Increment(ref s_typeCount) - 1;

    /// <summary>Worker threads never batch (their spawns go to their own queues); called as a worker starts.</summary>
    public static void DisableOnThisThread() => Open = s_noBatches;

    /// <summary>True on threads that may batch: not a worker thread of any strategy.</summary>
    public static bool MayBatchOnThisThread => !ReferenceEquals(Open, s_noBatches);

    /// <summary>Where a spawn goes (see <see cref="SpawnBatch{TState,T}.TryAppend"/>).</summary>
    public enum Route
    {
        /// <summary>Appended to the calling thread's open batch: done.</summary>
        Appended,
        /// <summary>Open a new batch with this spawn.</summary>
        NewBatch,
        /// <summary>Spawn a plain task cell (a worker thread, or a spawner that awaits each spawn at once).</summary>
        Cell,
    }

    /// <summary>The open-batch array of the thread whose caches <paramref name="caches"/> are: no thread-static read of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static SpawnBatch?[]? OpenArray(SlotAllocator.ThreadCaches caches) => Unsafe.As<SpawnBatch?[]?>(caches.Upper);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static bool IsWorkerArray(SpawnBatch?[]? open) => ReferenceEquals(open, s_noBatches);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static SpawnBatch? OpenOf(int typeId)
    {
        SpawnBatch?[]? open = Open;
        return open is not null && (uint)typeId < (uint)open.Length ? open[typeId] : null;
    }

    protected static void SetOpen(int typeId, SpawnBatch? batch)
    {
        SpawnBatch?[]? open = Open;
        if (open is null || open.Length <= typeId)
            Open = open = Covering(ref open, typeId);
        open[typeId] = batch;
    }

    protected static void GrantCellCredit(int typeId) => Covering(ref t_cellCredit, typeId)[typeId] = CellsAfterLoneBatch;

    /// <summary>The per-type array of this thread, grown (doubling) so that it has position <paramref name="typeId"/>.</summary>
    private static TItem[] Covering<TItem>(ref TItem[]? array, int typeId)
    {
        if (array is null || array.Length <= typeId)
            Array.Resize(ref array, Math.Max(typeId + 1, Math.Max(4, (array?.Length ?? 0) * 2)));
        return array;
    }

    /// <summary>True (and one credit spent) when the calling thread should spawn this type as a plain cell for now.</summary>
    protected static bool SpendCellCredit(int typeId)
    {
        int[]? credit = t_cellCredit;
        if (credit is null || (uint)typeId >= (uint)credit.Length || credit[typeId] == 0)
            return false;
        credit[typeId]--;
        return true;
    }

    /// <summary>
    /// The calling thread lets go of all its open batches (they stay queued and run as usual): called
    /// before it blocks, so a thread that never spawns again holds none.
    /// </summary>
    public static void ReleaseOpen() => ReleaseOpen(handedOff: false);

    /// <summary>
    /// <see cref="ReleaseOpen()"/> for a spawner whose buffered spawns are handed to the workers now
    /// (a scheduler's flush of its spawn ring). A batch let go holding a single task counts as taken
    /// with one (see <see cref="CellsAfterLoneBatch"/>): this thread spawns slower than the workers
    /// take its work, so its next spawns of that type go as cells.
    /// </summary>
    public static void ReleaseOpenForHandOff() => ReleaseOpen(handedOff: true);

    private static void ReleaseOpen(bool handedOff)
    {
        SpawnBatch?[]? open = Open;
        if (open is null)
            return;
        for (int i = 0; i < open.Length; i++)
        {
            if (open[i] is { } batch)
            {
                open[i] = null;
                if (handedOff && Volatile.Read(ref batch.Count) == 1)
                    batch.NoteLoneBatch();
                batch.ReleaseByWriter();
            }
        }
    }

    /// <summary>
    /// A task running from a batch is about to wait: the batch's tasks after it go back to the queues
    /// as a new batch, so none of them waits behind the waiting one.
    /// </summary>
    public static void ShedRunning()
    {
        SpawnBatch? running = t_running;
        if (running is not null && running.Next < running.End)
            running.SplitOff(running.Next, wakeWaiters: true);
    }

    /// <summary>The spawner lets go; the batch is recycled now if its executor already finished.</summary>
    internal void ReleaseByWriter()
    {
        if ((Interlocked.Or(ref Word, WriterGone) & Executed) != 0)
            Recycle();
    }

    /// <summary>
    /// Seals the batch (first removal) and counts its tasks as started. Returns true when the caller
    /// is now its only holder: the spawner had let go already, or the caller is the spawner itself
    /// (a thread helping with its own open batch), which lets go in the same atomic step. The caller
    /// then recycles it without the <see cref="Executed"/> handshake.
    /// </summary>
    private bool Seal()
    {
        int flags = Sealed;
        bool own = ForgetIfOpenHere();
        if (own)
            flags |= WriterGone;
        int word = Interlocked.Or(ref Word, flags);
        FreshFromSpawner = (word & Sealed) == 0;
        if (FreshFromSpawner)
        {
            int count;
            if (own || (word & WriterGone) != 0)
            {
                count = Volatile.Read(ref Count);   // the spawner appends no more
            }
            else
            {
                // The spawner may be appending now, with plain stores and no fence (Append): make
                // its stores visible everywhere, then the count is final; publish it for the spawner.
                Interlocked.MemoryBarrierProcessWide();
                count = Volatile.Read(ref Count);
                Volatile.Write(ref SealedCount, count);
            }
            if (own && count == 1)
                NoteLoneBatch();
            Next = 0;
            End = count;
            Engine.Counters.CountBatched(count);
        }
        // else: a split-off batch, sealed, counted and ranged at creation
        return ((word | flags) & WriterGone) != 0;
    }

    /// <summary>The executor is done; the batch is recycled now if it is the only holder or the spawner already let go.</summary>
    private void Finish(bool soleHolder)
    {
        if (soleHolder || (Interlocked.Or(ref Word, Executed) & WriterGone) != 0)
            Recycle();
    }

    public sealed override bool IsFilling => (Volatile.Read(ref Word) & (Sealed | WriterGone)) == 0;

    public sealed override bool MayTakeWhileFilling()
    {
        long now = Stopwatch.GetTimestamp();
        long asked = Volatile.Read(ref CloseRequestedAt);
        if (asked == 0)
        {
            Interlocked.CompareExchange(ref CloseRequestedAt, now, 0);
            Interlocked.Or(ref Word, CloseRequested);
            return false;
        }
        return now - asked >= QuietSpawnerTicks;
    }

    public sealed override void Execute()
    {
        bool sole = Seal();
        RunSealed();
        Finish(sole);
    }

    public sealed override void ExecuteOnly(int futureSlot)
    {
        bool sole = Seal();
        if (MoveToFront(futureSlot))
            SplitOff(Next + 1);
        RunSealed();
        Finish(sole);
    }

    private void RunSealed()
    {
        SpawnBatch? outer = t_running;
        t_running = this;
        try
        {
            RunAll(MayBatchOnThisThread);
        }
        finally
        {
            t_running = outer;
        }
    }

    public sealed override void Cancel()
    {
        bool sole = Seal();
        CancelRest();
        Finish(sole);
    }

    /// <summary>The calling thread, this batch's spawner, saw it taken with a single task: grant cell credit for its type.</summary>
    protected abstract void NoteLoneBatch();

    /// <summary>If this is the calling thread's open batch, forgets it there (the thread stops appending) and returns true.</summary>
    protected abstract bool ForgetIfOpenHere();

    /// <summary>Runs tasks [Next, End), splitting off work for idle workers as it goes.</summary>
    protected abstract void RunAll(bool outsideWorkers);

    /// <summary>Swaps the task completing <paramref name="futureSlot"/> to position Next; false when it is not in [Next, End).</summary>
    protected abstract bool MoveToFront(int futureSlot);

    /// <summary>Completes tasks [Next, End) as cancelled.</summary>
    protected abstract void CancelRest();

    /// <summary>Moves tasks [from, End) into a new batch queued for anyone, and ends this one at <paramref name="from"/>.</summary>
    /// <summary>
    /// Hands the entries from <paramref name="from"/> on to the shared queue as a batch of their own.
    /// With <paramref name="wakeWaiters"/>, a thread already blocked on one of their futures is woken:
    /// it may run that task itself now that it is queued (IScheduler.TryRunQueued), instead of at its
    /// next recheck.
    /// </summary>
    protected abstract void SplitOff(int from, bool wakeWaiters = false);

    protected abstract void Recycle();
}
