using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class ThreadPoolScheduler
{
    private readonly object _minThreadsLock = new();
    private int _blockedRunners;
    private int _compensationThreads;
    private int _raisedMinWorkers;

    /// <inheritdoc />
    public void BeginBlocking()
    {
        if (CurrentRunner() is not { IsBlocked: false } state)
        {
            // A thread outside the runners, running one of our tasks (counted once): no longer busy.
            if (OutsideRunner.Block(this) is not null)
                Interlocked.Decrement(ref _busy);
            return;   // not a runner thread (nothing to compensate), or a nested region
        }
        state.IsBlocked = true;
        Interlocked.Decrement(ref _busy);
        int blocked = Interlocked.Increment(ref _blockedRunners);
        RaisePoolMinimum(blocked);
        // The limit just rose: queued work gets another runner (and, with the minimum raised, a
        // thread) — now if work is queued, or at the next enqueue if it is not yet. The statistics
        // count the compensation granted, whichever of the two starts the runner.
        Interlocked.Increment(ref _compensationThreads);
        if (!_queue.IsEmpty)
            EnsureRunner();
    }

    /// <inheritdoc />
    public void EndBlocking()
    {
        if (CurrentRunner() is not { IsBlocked: true } state)
        {
            if (OutsideRunner.Unblock(this) is not null)
                Interlocked.Increment(ref _busy);
            return;
        }
        state.IsBlocked = false;
        Interlocked.Increment(ref _busy);
        Interlocked.Decrement(ref _blockedRunners);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Past the limit no more runners are queued (RunnerLimit), so the pool's own thread injection
    /// cannot start queued work either: the engine stops rather than crawls, and says so here.
    /// </remarks>
    public bool IsStarved =>
        Volatile.Read(ref _blockedRunners) >= _options.Workers + _options.MaxBlockingCompensation
        && !_queue.IsEmpty;

    /// <summary>Makes the pool's minimum cover one extra thread per blocked runner (bounded), so it adds them without its starvation delay.</summary>
    private void RaisePoolMinimum(int blocked)
    {
        int extra = Math.Min(blocked, _options.MaxBlockingCompensation);
        lock (_minThreadsLock)
        {
            if (_stopped)
                return;
            int wanted = Math.Max(PoolMinimum.Original, _options.Workers) + extra;
            if (wanted <= _raisedMinWorkers)
                return;
            _raisedMinWorkers = wanted;
            PoolMinimum.Want(this, wanted);
        }
    }

    /// <summary>This engine no longer needs a raised minimum (shared with the other threadpool engines: <see cref="PoolMinimum"/>).</summary>
    private void RestorePoolMinimum()
    {
        lock (_minThreadsLock)
        {
            _raisedMinWorkers = 0;
            PoolMinimum.Release(this);
        }
    }
}
