using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Wyn.Engine;

/// <summary>
/// Spawns from a thread outside the workers (main, a request thread), grouped: up to
/// <see cref="Capacity"/> tasks of one function type that travel through the queues as one work item.
/// The spawning thread appends a task with a few plain stores and one uncontended compare-and-swap,
/// instead of renting a task cell and pushing it; a worker fetches a batch's tasks a cache line at a
/// time instead of one cell (one cross-core miss) per task. Decision 0008 explains the protocol.
/// </summary>
/// <remarks>
/// Life of a batch, in its <see cref="Word"/> (count | flags):
/// 1. The spawner rents it, writes task 0 and submits it like any item (it sits in the spawner's
///    ring), keeping it "open" in <see cref="t_open"/>: later spawns append while it is open.
/// 2. Whoever removes it from the queues seals it (atomic OR): the count at that moment is final; an
///    append that loses the race sees the seal in its compare-and-swap and opens a new batch.
/// 3. The executor runs the tasks in order. It splits off the upper half as a new batch when a worker
///    is idle (at once from a thread outside the workers; after <see cref="SplitAfterMicroseconds"/>
///    on a worker, so tiny tasks are not shuffled around), and hands the rest off whenever a task it
///    runs waits (<see cref="ShedRunning"/>): a task never waits on a sibling stuck behind it.
/// 4. It goes back to its pool when both the executor is done (Executed) and the spawner let go of it
///    (WriterGone: it filled it, saw the seal, or was about to block).
/// </remarks>
internal abstract class SpawnBatch : WorkItem
{
    /// <summary>Tasks per batch. Enough to amortise the queue traffic; few enough to share out.</summary>
    public const int Capacity = 64;

    /// <summary>A worker splits a batch for an idle worker only after running it this long (see remarks).</summary>
    protected const int SplitAfterMicroseconds = 20;

    protected const int CountMask = 0xFFFF;
    protected const int Sealed = 1 << 16;
    protected const int WriterGone = 1 << 17;
    protected const int Executed = 1 << 18;

    protected static readonly long SplitAfterTicks = Stopwatch.Frequency * SplitAfterMicroseconds / 1_000_000;

    /// <summary>The calling thread's open batches, by <see cref="TypeIdOf{TState,T}"/>; <see cref="s_noBatches"/> on worker threads.</summary>
    [ThreadStatic] private static SpawnBatch?[]? t_open;

    /// <summary>The batch whose task is running on this thread (innermost).</summary>
    [ThreadStatic] private static SpawnBatch? t_running;

    private static readonly SpawnBatch?[] s_noBatches = [];
    private static int s_typeCount;

    internal WynEngine Engine = null!;
    internal int Word;
    protected int Next;   // executor only
    protected int End;    // executor only

    /// <summary>A dense id per closed batch type: its index in a thread's open-batch array.</summary>
    protected static int NewTypeId() => Interlocked.Increment(ref s_typeCount) - 1;

    /// <summary>Worker threads never batch (their spawns go to their own queues); called as a worker starts.</summary>
    public static void DisableOnThisThread() => t_open = s_noBatches;

    /// <summary>True on threads that may batch: not a worker thread of any strategy.</summary>
    public static bool MayBatchOnThisThread => !ReferenceEquals(t_open, s_noBatches);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static SpawnBatch? OpenOf(int typeId)
    {
        SpawnBatch?[]? open = t_open;
        return open is not null && (uint)typeId < (uint)open.Length ? open[typeId] : null;
    }

    protected static void SetOpen(int typeId, SpawnBatch? batch)
    {
        SpawnBatch?[]? open = t_open;
        if (open is null || open.Length <= typeId)
        {
            Array.Resize(ref open, Math.Max(typeId + 1, Math.Max(4, (open?.Length ?? 0) * 2)));
            t_open = open;
        }
        open[typeId] = batch;
    }

    /// <summary>
    /// The calling thread lets go of all its open batches (they stay queued and run as usual): called
    /// before it blocks, so a thread that never spawns again holds none.
    /// </summary>
    public static void ReleaseOpen()
    {
        SpawnBatch?[]? open = t_open;
        if (open is null)
            return;
        for (int i = 0; i < open.Length; i++)
        {
            if (open[i] is { } batch)
            {
                open[i] = null;
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
            running.SplitOff(running.Next);
    }

    /// <summary>The spawner lets go; the batch is recycled now if its executor already finished.</summary>
    internal void ReleaseByWriter()
    {
        if ((Interlocked.Or(ref Word, WriterGone) & Executed) != 0)
            Recycle();
    }

    /// <summary>Seals the batch (first removal) and counts its tasks as started.</summary>
    protected void Seal()
    {
        int word = Interlocked.Or(ref Word, Sealed);
        if ((word & Sealed) != 0)
            return;   // a split-off batch: sealed, counted and ranged at creation
        int count = word & CountMask;
        Next = 0;
        End = count;
        Engine.Counters.CountBatched(count);
    }

    /// <summary>The executor is done; the batch is recycled now if the spawner already let go.</summary>
    protected void Finish()
    {
        if ((Interlocked.Or(ref Word, Executed) & WriterGone) != 0)
            Recycle();
    }

    public sealed override bool IsFilling => (Volatile.Read(ref Word) & (Sealed | WriterGone)) == 0;

    public sealed override void Execute()
    {
        Seal();
        RunSealed();
    }

    public sealed override void ExecuteOnly(int futureSlot)
    {
        Seal();
        if (MoveToFront(futureSlot))
            SplitOff(Next + 1);
        RunSealed();
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
        Finish();
    }

    public sealed override void Cancel()
    {
        Seal();
        CancelRest();
        Finish();
    }

    /// <summary>Runs tasks [Next, End), splitting off work for idle workers as it goes.</summary>
    protected abstract void RunAll(bool outsideWorkers);

    /// <summary>Swaps the task completing <paramref name="futureSlot"/> to position Next; false when it is not in [Next, End).</summary>
    protected abstract bool MoveToFront(int futureSlot);

    /// <summary>Completes tasks [Next, End) as cancelled.</summary>
    protected abstract void CancelRest();

    /// <summary>Moves tasks [from, End) into a new batch queued for anyone, and ends this one at <paramref name="from"/>.</summary>
    protected abstract void SplitOff(int from);

    protected abstract void Recycle();
}
