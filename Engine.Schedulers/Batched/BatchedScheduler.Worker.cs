using System.Diagnostics;
using Wyn.Engine.Memory;
using Wyn.Engine.Scheduling;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    private static readonly RecycledIds s_slots = new();
    private readonly int _slot;


    /// <summary>A busy worker looks for idle ones to share its ring with once per this many executed items.</summary>
    private const int ShareCheckInterval = 16;

    /// <summary>
    /// A worker shares its ring with idle workers only when its items are slow: when at least this long
    /// passed since it took them. Sixteen tiny tasks run in well under a microsecond, and handing
    /// halves of them back and forth under the lock would cost more than running them.
    /// </summary>
    private const int ShareAfterMicroseconds = 20;

    private readonly long _shareAfterTicks = Stopwatch.Frequency * ShareAfterMicroseconds / 1_000_000;

    private Worker? CurrentWorker()
    {
        Worker? worker = ThreadRole<Worker>.Current?.Worker;
        return worker is not null && ReferenceEquals(worker.Scheduler, this) ? worker : null;
    }

    /// <summary>One worker thread and its local ring. Fields other than the counters are touched only by the worker's own thread.</summary>
    private sealed class Worker(BatchedScheduler scheduler, int index, bool isSpare) : ICountsExecuted, ITaskStartMarker
    {
        public readonly BatchedScheduler Scheduler = scheduler;
        public readonly WorkRing Local = new(scheduler._batchSize * 2);
        public readonly WorkItem[] Scratch = new WorkItem[scheduler._batchSize];
        public readonly bool IsSpare = isSpare;
        public Thread? Thread;
        public long Executed;
        public long Batches;
        public long Steals;
        public long Parks;
        public long BatchStarted;   // when the ring was last refilled or shared (Stopwatch ticks)

        long ICountsExecuted.Executed => Volatile.Read(ref Executed);

        // Local.Tail when the task this worker is running (innermost, when helping) started: items
        // pushed at or after it are that task's own spawns (and theirs). See TryHelp.
        private int _frameMark;

        public void Start()
        {
            Thread = new Thread(Run, maxStackSize: 16 * 1024 * 1024)
            {
                IsBackground = true,
                Name = $"wyn-w{index}",
            };
            Thread.Start();
        }

        private void Run()
        {
            HelpStackBudget.MarkBase();
            ThreadRole<Worker>.CurrentOrNew().Worker = this;
            SpawnBatch.DisableOnThisThread();
            BatchedScheduler s = Scheduler;
            Interlocked.Increment(ref s._busyWorkers);
            int sinceShareCheck = 0;
            while (true)
            {
                if (Local.TryPopFront(out WorkItem item))
                {
                    if (s._cancelling)
                    {
                        item.Cancel();
                        continue;
                    }
                    _frameMark = Local.Tail;
                    item.Execute();
                    Executed++;
                    // A batch taken while others were busy may now be more than our share. Checked
                    // every ShareCheckInterval items: for tiny tasks, handing halves back and forth
                    // under the lock costs more than running them; for long tasks, a few items is
                    // soon enough.
                    if (++sinceShareCheck >= ShareCheckInterval)
                    {
                        sinceShareCheck = 0;
                        if (Local.Count > 1 && s.IdleWorkerCanRun
                            && Stopwatch.GetTimestamp() - BatchStarted > s._shareAfterTicks)
                        {
                            s.ShareLocal(this);
                            BatchStarted = Stopwatch.GetTimestamp();
                        }
                    }
                    continue;
                }
                if (!s.FindWork(this))
                    break;
            }
            // Cancel mode (or a timed-out drain) may leave items we popped but did not run.
            while (Local.TryPopFront(out WorkItem left))
                left.Cancel();
            ThreadRole<Worker>.CurrentOrNew().Worker = null;
            if (IsSpare)
                s.ForgetSpare(this);
        }

        /// <summary>A new task starts on this worker inside the running item (a spawn batch): its own spawns start here.</summary>
        public void MarkTaskStart() => _frameMark = Local.Tail;

        /// <summary>A spawn from inside a task running on this worker.</summary>
        public void Push(WorkItem item)
        {
            Local.PushBack(item);
            BatchedScheduler s = Scheduler;
            if (Local.Count >= s._batchSize * 2)
                s.ShareLocal(this);
            else if (s.IdleWorkerCanRun)
                s.ShareLocal(this);
        }

        /// <summary>
        /// Runs <paramref name="item"/> inside the task this worker is running, in a frame of its own:
        /// what TryHelp popped (<paramref name="futureSlot"/> null), or what an awaiter took out of a
        /// queue for that future (IScheduler.TryRunQueued; that task first).
        /// </summary>
        public void RunNested(WorkItem item, int? futureSlot)
        {
            int outer = _frameMark;
            _frameMark = Local.Tail;
            try
            {
                item.Execute(futureSlot);
            }
            finally
            {
                _frameMark = outer;
            }
            Executed++;
        }

        /// <summary>
        /// Help while awaiting: runs the newest local item, but only one the running task spawned
        /// itself (directly, or through tasks it ran while helping): pushed after the task started.
        /// </summary>
        /// <remarks>
        /// Running any other queued task here could put a task on this stack above one it awaits:
        /// when tasks await futures passed to them (WYN-CORE allows it), the helped task may await the
        /// very task below it, and neither can ever finish (docs/guarantees.md). A task's own spawns
        /// do not hold its future (only its spawner does), so they do not await it; nested
        /// spawn/await still runs inline with one worker; anything else waits for another worker,
        /// or for the compensation spare the blocked awaiter starts (promise 5).
        /// </remarks>
        public bool TryHelp()
        {
            if (Local.Count == 0 || unchecked(Local.Tail - 1 - _frameMark) < 0 || !Local.TryPopBack(out WorkItem item))
                return false;
            RunNested(item, futureSlot: null);
            return true;
        }
    }

    /// <summary>Moves the older half of a worker's ring (at least one item) to the global queue and wakes a sleeper.</summary>
    private void ShareLocal(Worker worker)
    {
        int count = Math.Max(1, worker.Local.Count / 2);
        lock (_global.SyncRoot)
        {
            _global.PushFrom(worker.Local, count);
            worker.Batches++;
            PulseForShare();
        }
    }

    private bool TryTakeOneFromGlobal(out WorkItem item)
    {
        if (_global.ApproximateCount == 0)
        {
            item = null!;
            return false;
        }
        lock (_global.SyncRoot)
            return _global.TryPop(out item);
    }
}
