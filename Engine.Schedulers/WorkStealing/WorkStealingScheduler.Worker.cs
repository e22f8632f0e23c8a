using System.Runtime.CompilerServices;
using Wyn.Engine.Scheduling;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler
{
    private readonly int _slot;


    // Threads running work or holding work taken from a queue; see IsIdle. Changed with Interlocked,
    // on a cache line of its own: searchers and helpers write it, spawning threads must not pay for that.
    private CacheLinePaddedInt32 _busyCell;
    private ref int _busy => ref _busyCell.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Worker? CurrentWorker()
    {
        Worker? worker = ThreadRole<Worker>.Current?.Worker;
        return worker is not null && ReferenceEquals(worker.Scheduler, this) ? worker : null;
    }

    /// <summary>One worker thread and its deque. Fields other than the counters are touched only by the worker's own thread.</summary>
    private sealed class Worker : ICountsExecuted, ITaskStartMarker
    {
        public readonly WorkStealingScheduler Scheduler;
        public readonly StealingDeque Local;
        public readonly Parker Parker = new();
        public readonly bool IsSpare;
        public readonly int Index;

        // Room for one stolen half or one injection share, moved into Local in one go.
        public readonly WorkItem?[] Scratch;

        // Items taken from the own deque in one batch (StealingDeque.TryPopBatch), run from here
        // without touching the deque; newest first. Not visible to thieves, so at most
        // OwnBatch of them, and handed back to the deque before the worker blocks.
        private readonly WorkItem?[] _own = new WorkItem?[OwnBatch];
        private int _ownNext;
        private int _ownCount;

        /// <summary>Items of this worker's own waiting to run here: the rest of its current batch, or its deque (read by the owner).</summary>
        public bool HasQueuedWork => _ownNext < _ownCount || Local.Count > 0;

        // Local.Bottom when the task this worker is running (innermost, when helping) started: items
        // pushed at or after it are that task's own spawns (and theirs). See TryHelp.
        private int _frameMark;

        // The task this worker is running (innermost), as what its spawns are stamped with
        // (WorkItem.Lineage): a thread awaiting that task may run them (TryHelpAwaited; decision
        // 0007, session 14). None while it runs a spawn batch's tasks.
        private TaskLineage _lineage;

        /// <summary>A new task starts on this worker inside the running item (a spawn batch): its own spawns start here.</summary>
        public void MarkTaskStart() => _frameMark = Local.Bottom;

        public Thread? Thread;
        public bool IsSearching;   // counted in the idle word's searching count
        public bool IsBlocked;     // between BeginBlocking and EndBlocking
        public bool Retired;       // a spare that left as surplus
        private int _tick;
        private uint _random;

        public long Executed;
        public long Batches;
        public long Steals;
        public long Parks;
        public long PeakDepth;

        long ICountsExecuted.Executed => Volatile.Read(ref Executed);

        public Worker(WorkStealingScheduler scheduler, int index, bool isSpare)
        {
            Scheduler = scheduler;
            Index = index;
            IsSpare = isSpare;
            Local = new StealingDeque(scheduler._localCapacity, scheduler._startIndex);
            Scratch = new WorkItem?[Math.Max(Local.Capacity, scheduler._batchSize)];
            _random = (uint)(index * 0x9E3779B9 + 1);
        }

        public void Start()
        {
            Thread = new Thread(Run, maxStackSize: 16 * 1024 * 1024)
            {
                IsBackground = true,
                Name = $"wyn-w{Index}",
            };
            Thread.Start();
        }

        private void Run()
        {
            HelpStackBudget.MarkBase();
            ThreadRole<Worker>.CurrentOrNew().Worker = this;
            SpawnBatch.DisableOnThisThread();
            WorkStealingScheduler s = Scheduler;
            Interlocked.Increment(ref s._busy);
            while (true)
            {
                WorkItem? item = NextLocal() ?? s.FindWork(this);
                if (item is null)
                    break;
                if (s._cancelling)
                {
                    item.Cancel();
                    continue;
                }
                _frameMark = Local.Bottom;
                _lineage = item.AsRoot;
                item.Execute();
                Executed++;
            }
            // Cancel mode (or a timed-out drain) may leave items in the deque.
            while (TakeOwn() is { } own)
                own.Cancel();
            while (Local.TryPop() is { } left)
                left.Cancel();
            s.RetireFromVictims(this);
            ThreadRole<Worker>.CurrentOrNew().Worker = null;
        }

        /// <summary>
        /// The next item of this worker's own: usually the newest (bottom), but every
        /// <see cref="FairnessInterval"/> pops one item from the injection queue, or else the oldest
        /// (top) of the own deque.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private WorkItem? NextLocal()
        {
            if (++_tick == FairnessInterval)
            {
                _tick = 0;
                if (TakeForFairness() is { } fair)
                    return fair;
            }
            return TakeOwn() ?? RefillOwn();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private WorkItem? RefillOwn()
        {
            int count = Local.TryPopBatch(_own, _own.Length);
            if (count == 0)
            {
                _ownNext = _ownCount = 0;
                return null;
            }
            WorkItem? first = _own[0];
            _own[0] = null;
            _ownNext = 1;
            _ownCount = count;
            return first;
        }

        /// <summary>Takes the next item of the own batch, or null when it is used up.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private WorkItem? TakeOwn()
        {
            if (_ownNext >= _ownCount)
                return null;
            WorkItem? item = _own[_ownNext];
            _own[_ownNext++] = null;
            return item;
        }

        /// <summary>
        /// Before this worker blocks: what it took from its deque but has not run goes back where
        /// thieves (and compensation spares) can take it.
        /// </summary>
        public void ReturnOwnBatch()
        {
            while (_ownNext < _ownCount)
            {
                // Oldest first, so the deque keeps its order (the newest ends at the bottom).
                WorkItem item = _own[--_ownCount]!;
                _own[_ownCount] = null;
                if (!Local.TryPush(item))
                    Overflow(item);
            }
            _ownNext = _ownCount = 0;
        }

        /// <summary>
        /// The worker blocks for real: its deque moves to the injection queue, oldest first (as
        /// batched publishes its local ring). Thieves could take it from the deque too, but a task
        /// blocked on one of these items can find it only there (IScheduler.TryRunQueued): a chain of
        /// tasks each awaiting the one before ran out of threads otherwise (decision 0007, session 9).
        /// </summary>
        public void PublishDeque()
        {
            int moved;
            while ((moved = Local.StealHalf(Scratch, Scratch.Length)) > 0)
            {
                Scheduler.PushToInjection(Scratch, moved);
                Batches++;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private WorkItem? TakeForFairness() =>
            Scheduler._injection.TryPop() ?? Scheduler.TakeExternalForFairness(this) ?? Local.TrySteal(out _);

        /// <summary>A spawn from a task running on this worker.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(WorkItem item)
        {
            item.Lineage = _lineage;   // before the push publishes it (TryStealDescendant reads it)
            if (!Local.TryPush(item))
            {
                Overflow(item);
                return;
            }
            // Step P2 of the parking protocol (WorkStealingScheduler.Idle.cs) without a fence: the read
            // of the idle word may pass the push, and a worker about to park closes that gap with its
            // process-wide barrier before its last look (Park), as for a spawn from outside.
            WorkStealingScheduler s = Scheduler;
            if (IdleWord.NeedsWake(Volatile.Read(ref s._idleWord)))
                s.WakeOne();
        }

        /// <summary>The deque is full: the older half and the new item move to the injection queue in one batch.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Overflow(WorkItem item)
        {
            WorkStealingScheduler s = Scheduler;
            int depth = Local.Count;
            if (depth > PeakDepth)
                Volatile.Write(ref PeakDepth, depth);
            // Take the half from the top with the thieves' protocol: they may be stealing there too.
            int moved = Local.StealHalf(Scratch, Scratch.Length - 1);
            Scratch[moved++] = item;
            s.PushToInjection(Scratch, moved);
            Batches++;
        }

        /// <summary>
        /// Runs <paramref name="item"/> inside the task this worker is running, in a frame of its own:
        /// what TryHelp popped (<paramref name="futureSlot"/> null), or what an awaiter took out of a
        /// queue for that future (IScheduler.TryRunQueued; that task first).
        /// </summary>
        public void RunNested(WorkItem item, int? futureSlot)
        {
            if (Scheduler._cancelling)
            {
                item.Cancel();
            }
            else
            {
                int outer = _frameMark;
                TaskLineage outerLineage = _lineage;
                _frameMark = Local.Bottom;
                _lineage = item.AsRoot;
                try
                {
                    item.Execute(futureSlot);
                }
                finally
                {
                    _frameMark = outer;
                    _lineage = outerLineage;
                }
            }
            Executed++;
        }


        /// <summary>
        /// Help while awaiting: the own newest item, but only one the running task spawned itself
        /// (directly, or through tasks it ran while helping) — pushed after the task started. Running
        /// an unrelated task here could put it above a task it awaits, on the same stack; see
        /// BatchedScheduler's Worker.TryHelp and docs/guarantees.md.
        /// </summary>
        public bool TryHelp()
        {
            if (unchecked(Local.Bottom - 1 - _frameMark) < 0 || Local.TryPop() is not { } item)
                return false;
            RunNested(item, futureSlot: null);
            return true;
        }

        /// <summary>
        /// Help while awaiting a task, once the waiting task has no own spawns left: the oldest item of
        /// another worker's deque, if it is the awaited task itself (queued there, not started) or a
        /// task the awaited one spawned (stamped with it). Either is work the waiting task waits for,
        /// so running it here, above the waiting task, is as safe as running the task's own spawns
        /// (decision 0007, session 14). Only the oldest item is looked at (the end thieves take
        /// from), and taken only if it matches.
        /// </summary>
        public bool TryHelpAwaited(int futureSlot, int generation, Type resultType)
        {
            Worker[] victims = Volatile.Read(ref Scheduler._victims);
            for (int i = 0; i < victims.Length; i++)
            {
                Worker victim = victims[i];
                if (ReferenceEquals(victim, this) || victim.Local.IsEmpty)
                    continue;
                if (victim.Local.TryStealDescendant(futureSlot, generation, resultType) is not { } item)
                    continue;
                Steals++;
                RunNested(item, futureSlot: null);
                return true;
            }
            return false;
        }

        /// <summary>Moves items taken elsewhere into the own deque, keeping the first to run now.</summary>
        public WorkItem AdoptBatch(WorkItem?[] items, int count)
        {
            WorkItem first = items[0]!;
            // Newest at the top, oldest at the bottom: the owner pops from the bottom, so a batch
            // taken from a FIFO queue (or stolen oldest first) still runs oldest first — the order
            // its spawner most likely awaits it in — while thieves take its newest end.
            if (count > 2)
                Array.Reverse(items, 1, count - 1);
            if (count > 1 && !Local.TryPushRange(items, 1, count - 1))
            {
                // The deque is empty when a worker searches, so this only happens with capacities
                // smaller than the batch (tests): keep what fits, the rest back to the injection queue.
                int index = 1;
                while (index < count && Local.TryPush(items[index]!))
                    index++;
                if (index < count)
                    Scheduler.PushToInjection(items, count - index, index);
            }
            Array.Clear(items, 0, count);
            int depth = Local.Count;
            if (depth > PeakDepth)
                Volatile.Write(ref PeakDepth, depth);
            return first;
        }

        /// <summary>A random worker index (xorshift), to start the victim scan somewhere new each time.</summary>
        public int NextRandom(int bound)
        {
            uint x = _random;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _random = x;
            return (int)(x % (uint)bound);
        }
    }
}
