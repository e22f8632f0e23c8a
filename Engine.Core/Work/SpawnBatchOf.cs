using System.Diagnostics;
using System.Runtime.CompilerServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>A <see cref="SpawnBatch"/> of tasks <c>work(state)</c> with results of type <typeparamref name="T"/>: three parallel arrays.</summary>
internal sealed class SpawnBatch<TState, T> : SpawnBatch
{
    private static readonly int TypeId = NewTypeId();

    private readonly Func<TState, T>?[] _work;
    private readonly TState[] _states;
    private readonly int[] _slots;
    private SlabPool<SpawnBatch<TState, T>> _pool = null!;

    private SpawnBatch(int capacity)
    {
        _work = new Func<TState, T>?[capacity];
        _states = new TState[capacity];
        _slots = new int[capacity];
    }

    public static SpawnBatch<TState, T> Create(WynEngine engine) => new(CapacityFor(engine.Options));

    /// <summary>
    /// Appends to the calling thread's open batch for <paramref name="engine"/>, or says where the spawn
    /// goes instead: a new batch, or a plain cell (worker threads; a spawner with cell credit).
    /// <paramref name="caches"/> are the calling thread's (<see cref="SlotAllocator.CurrentThreadCaches"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Route TryAppend(SlotAllocator.ThreadCaches caches, WynEngine engine, Func<TState, T> work, TState state, int slot)
    {
        SpawnBatch?[]? open = OpenArray(caches);
        if (IsWorkerArray(open))
            return Route.Cell;
        if (open is not null && (uint)TypeId < (uint)open.Length && open[TypeId] is { } batch
            && ReferenceEquals(batch.Engine, engine) && Unsafe.As<SpawnBatch<TState, T>>(batch).Append(work, state, slot))
            return Route.Appended;
        return SpendCellCredit(TypeId) ? Route.Cell : Route.NewBatch;
    }

    /// <summary>Rents a batch holding one task and makes it the calling thread's open batch. The caller submits it.</summary>
    public static SpawnBatch<TState, T> Open(WynEngine engine, SlabPool<SpawnBatch<TState, T>> pool, SlotAllocator.ThreadCaches caches, Func<TState, T> work, TState state, int slot)
    {
        if (OpenOf(TypeId) is { } previous)
        {
            // Open for another engine (an open batch of this engine would have taken the task).
            SetOpen(TypeId, null);
            previous.ReleaseByWriter();
        }
        SpawnBatch<TState, T> batch = pool.RentExclusive(caches);
        batch.Bind(engine, pool);
        batch.Store(0, work, state, slot);
        batch.Count = 1;
        SetOpen(TypeId, batch);
        return batch;
    }

    private void Bind(WynEngine engine, SlabPool<SpawnBatch<TState, T>> pool)
    {
        // A batch belongs to one pool (one engine) for life: set once, no GC write barriers per rent.
        if (_pool is null)
        {
            _pool = pool;
            Engine = engine;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(int index, Func<TState, T> work, TState state, int slot)
    {
        // Recycled batches keep their delegates (static or cached, per the Spawn contract): a batch
        // reused for the same function skips the store and its GC write barrier.
        if (!ReferenceEquals(_work[index], work))
            _work[index] = work;
        _states[index] = state;
        _slots[index] = slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Append(Func<TState, T> work, TState state, int slot)
    {
        // Plain stores, no fence: the store of the count may still sit in this core's store buffer
        // when the seal check below reads the word. A sealer that races us makes it visible with a
        // process-wide barrier before it reads the count (Seal), and publishes what it read.
        int count = Count;   // only this thread changes the count
        if ((Volatile.Read(ref Word) & (Sealed | CloseRequested)) != 0)
            return LetGoSealed(appended: -1);   // sealed, or a thief asked us to close it: a new batch
        Store(count, work, state, slot);
        Volatile.Write(ref Count, count + 1);
        if ((Volatile.Read(ref Word) & Sealed) != 0)
            return LetGoSealed(count);
        if (count + 1 == _slots.Length)
        {
            SetOpen(TypeId, null);
            ReleaseByWriter();
        }
        return true;
    }

    /// <summary>
    /// The batch was sealed by whoever took it, or a thief asked us to close it: let go of it. Returns
    /// whether the task just stored at <paramref name="appended"/> made it in (-1: none stored). If
    /// not, the caller opens a new batch (or, when it was taken with a single task, spawns a few as
    /// cells: see CellsAfterLoneBatch).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool LetGoSealed(int appended)
    {
        // Whether the task just stored made it in, only the sealer's published count tells; it
        // publishes right after its barrier (Seal). With nothing stored there is nothing to wait for.
        int final = Volatile.Read(ref SealedCount);
        if (appended >= 0)
        {
            var spin = new SpinWait();
            while (final < 0)
            {
                spin.SpinOnce();
                final = Volatile.Read(ref SealedCount);
            }
        }
        // Taken (or asked for) holding a single task: spawns here come one at a time, so cells for a while.
        if (final == 1 || (final < 0 && Count == 1))
            GrantCellCredit(TypeId);
        SetOpen(TypeId, null);
        ReleaseByWriter();
        return appended >= 0 && appended < final;
    }

    protected override void NoteLoneBatch() => GrantCellCredit(TypeId);

    protected override bool ForgetIfOpenHere()
    {
        if (!ReferenceEquals(OpenOf(TypeId), this))
            return false;
        SetOpen(TypeId, null);
        return true;
    }

    public override bool Completes(int futureSlot, Type resultType) =>
        resultType == typeof(T) && Array.IndexOf(_slots, futureSlot, 0, Math.Min(Volatile.Read(ref Count), _slots.Length)) >= 0;

    // JIT-compiled even in a ReadyToRun build (its thread-static reads would be helper calls there): decision 0011.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void RunAll(bool outsideWorkers)
    {
        IScheduler scheduler = Engine.Scheduler;
        ITaskStartMarker? marker = outsideWorkers ? null : scheduler.TaskStartMarker();
        // The clock is read only where a split may follow (not for one task: pingpong), and on a
        // worker only after 1, 2, 4, 8 … tasks since the last look: a slow task is noticed after the
        // first, while tiny ones cost a handful of clock reads per batch.
        long started = End - Next >= 2 ? Stopwatch.GetTimestamp() : 0;
        int ran = 0, nextLook = 1;
        // A worker hands the upper half of a batch fresh from its spawner to the shared queue before
        // its first task, whether or not another worker looks idle at this instant (that look races
        // with a worker just finishing a task): a task that turns out long, or that spins on a later
        // sibling, then never holds back the half its siblings sit in. Parts split off are not split
        // again this way, so a batch is halved once, not down to single tasks.
        if (!outsideWorkers && FreshFromSpawner && End - Next >= 2 && Engine.Options.Workers >= 2)
            SplitOff(Next + (End - Next + 1) / 2);
        while (Next < End)
        {
            int remaining = End - Next;
            if (remaining >= 2 && (outsideWorkers || ran == nextLook) && scheduler.HasIdleWorker)
            {
                // Outside the workers (a spawner helping while it awaits) share at once: the workers
                // are idle. On a worker, only once the batch proved slow (see SplitAfterMicroseconds).
                if (outsideWorkers)
                {
                    SplitOff(Next + (remaining + 1) / 2);
                }
                else
                {
                    long now = Stopwatch.GetTimestamp();
                    if (now - started >= SplitAfterTicks)
                    {
                        SplitOff(Next + (remaining + 1) / 2);
                        started = now;
                        ran = 0;
                        nextLook = 1;
                    }
                }
            }
            if (ran == nextLook)
                nextLook *= 2;
            ran++;
            int index = Next++;
            marker?.MarkTaskStart();
            Run(_work[index]!, _states[index], _slots[index]);
        }
    }

    private void Run(Func<TState, T> work, TState state, int slot)
    {
        T result;
        try
        {
            result = work(state);
        }
        catch (Exception e)
        {
            Engine.Counters.CountFaulted();
            if (slot == NoFuture)
                Engine.ReportUnhandledFailure(e);
            else
                FutureTable<T>.SetException(slot, e);
            return;
        }
        if (slot != NoFuture)
            FutureTable<T>.SetResult(slot, result);
    }

    protected override bool MoveToFront(int futureSlot)
    {
        int at = Array.IndexOf(_slots, futureSlot, Next, End - Next);
        if (at < 0)
            return false;
        (_work[Next], _work[at]) = (_work[at], _work[Next]);
        (_states[Next], _states[at]) = (_states[at], _states[Next]);
        (_slots[Next], _slots[at]) = (_slots[at], _slots[Next]);
        return true;
    }

    protected override void CancelRest()
    {
        for (int i = Next; i < End; i++)
        {
            Engine.Counters.CountCancelled();
            if (_slots[i] != NoFuture)
                FutureTable<T>.SetCancelled(_slots[i]);
        }
        Next = End;
    }

    protected override void SplitOff(int from, bool wakeWaiters = false)
    {
        int count = End - from;
        if (count <= 0)
            return;
        SpawnBatch<TState, T> split = _pool.RentExclusive(SlotAllocator.CurrentThreadCaches);
        split.Bind(Engine, _pool);
        Array.Copy(_work, from, split._work, 0, count);
        Array.Copy(_states, from, split._states, 0, count);
        Array.Copy(_slots, from, split._slots, 0, count);
        split.Next = 0;
        split.End = count;
        split.Count = count;
        split.Word = Sealed | WriterGone;   // counted as started when this batch was sealed
        End = from;
        Engine.SubmitShared(split);
        if (wakeWaiters)
        {
            // This batch's own copies: the split may already be running, even recycled.
            for (int i = from; i < from + count; i++)
            {
                if (_slots[i] != NoFuture)
                    FutureTable<T>.WakeWaiter(_slots[i]);
            }
        }
    }

    protected override void Recycle()
    {
        if (!ReferenceEquals(Owner, _pool))
            return;   // the engine was disposed meanwhile, and its pool with it
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TState>())
            Array.Clear(_states);
        Next = 0;
        End = 0;
        Count = 0;
        SealedCount = -1;
        CloseRequestedAt = 0;
        Word = 0;
        _pool.ReturnExclusive(this);
    }
}
