using Wyn.Engine.Scheduling;

namespace Wyn.Engine.Schedulers;

public sealed partial class ThreadPoolScheduler
{
    // A static callback with the scheduler as state: queueing a runner allocates nothing.
    private static readonly Action<ThreadPoolScheduler> s_runner = static s => s.RunnerLoop();

    /// <summary>What a pool thread is doing for us, so BeginBlocking can tell a runner from any other thread.</summary>
    private sealed class RunnerThreadState
    {
        public ThreadPoolScheduler? Scheduler;
        public bool IsBlocked;
    }

    [ThreadStatic] private static RunnerThreadState? t_runner;

    private RunnerThreadState? CurrentRunner()
    {
        RunnerThreadState? state = t_runner;
        return state is not null && ReferenceEquals(state.Scheduler, this) ? state : null;
    }

    /// <summary>Runners allowed: the workers plus one per blocked runner, at most MaxBlockingCompensation more (as the other strategies' spares).</summary>
    private int RunnerLimit => _options.Workers + Math.Min(Volatile.Read(ref _blockedRunners), _options.MaxBlockingCompensation);

    /// <summary>Queues one more runner to the pool if fewer than the limit are queued or running; true when it did.</summary>
    private bool EnsureRunner()
    {
        while (true)
        {
            int runners = Volatile.Read(ref _runners);
            if (runners >= RunnerLimit)
                return false;
            if (Interlocked.CompareExchange(ref _runners, runners + 1, runners) == runners)
                break;
        }
        Interlocked.Increment(ref _runnerStarts);
        ThreadPool.UnsafeQueueUserWorkItem(s_runner, this, preferLocal: false);
        return true;
    }

    /// <summary>One runner's turn on a pool thread: drain up to a quantum, then requeue or leave.</summary>
    private void RunnerLoop()
    {
        HelpStackBudget.MarkBase();
        RunnerThreadState state = t_runner ??= new RunnerThreadState();
        state.Scheduler = this;
        state.IsBlocked = false;
        int ran = 0;
        // Busy before the dequeue: see _busy.
        Interlocked.Increment(ref _busy);
        try
        {
            while (ran < RunnerQuantum && TakeFromQueue() is { } item)
            {
                Run(item);
                ran++;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
            state.Scheduler = null;
        }
        Interlocked.Add(ref _executed, ran);
        SampleDepth();
        if (ran == RunnerQuantum && !_stopped)
        {
            // Give the pool thread back to other pool work; our runner slot stays counted.
            ThreadPool.UnsafeQueueUserWorkItem(s_runner, this, preferLocal: false);
            return;
        }
        // Leave, then look again: against Enqueue's "enqueue, then read runners" (both sides a full
        // fence apart), either the enqueuer sees our slot free and queues a runner, or we see its item.
        Interlocked.Decrement(ref _runners);
        if (!_queue.IsEmpty && !_stopped)
            _ = EnsureRunner();
    }

    /// <summary>Sampled once per runner turn: counting the queue on every spawn would cost every spawn.</summary>
    private void SampleDepth()
    {
        long depth = _queue.Count;
        long peak = Interlocked.Read(ref _peakDepth);
        while (depth > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peakDepth, depth, peak);
            if (seen == peak)
                break;
            peak = seen;
        }
    }
}
