namespace Wyn.Engine.Schedulers;

public sealed partial class ThreadPoolScheduler
{
    private readonly object _minThreadsLock = new();
    private int _blockedRunners;
    private int _compensationThreads;
    private int _originalMinWorkers = -1;
    private int _originalMinIo;
    private int _raisedMinWorkers;

    /// <inheritdoc />
    public void BeginBlocking()
    {
        if (CurrentRunner() is not { IsBlocked: false } state)
            return;   // not a runner thread (nothing to compensate), or a nested region
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
            return;
        state.IsBlocked = false;
        Interlocked.Increment(ref _busy);
        Interlocked.Decrement(ref _blockedRunners);
    }

    /// <summary>Makes the pool's minimum cover one extra thread per blocked runner (bounded), so it adds them without its starvation delay.</summary>
    private void RaisePoolMinimum(int blocked)
    {
        int extra = Math.Min(blocked, _options.MaxBlockingCompensation);
        lock (_minThreadsLock)
        {
            if (_stopped)
                return;
            ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
            if (_originalMinWorkers < 0)
            {
                _originalMinWorkers = minWorkers;
                _originalMinIo = minIo;
            }
            int wanted = Math.Max(_originalMinWorkers, _options.Workers) + extra;
            if (minWorkers >= wanted)
                return;
            if (ThreadPool.SetMinThreads(wanted, minIo))
                _raisedMinWorkers = wanted;
        }
    }

    /// <summary>Puts back the pool minimum found before the first raise, unless somebody else changed it since.</summary>
    private void RestorePoolMinimum()
    {
        lock (_minThreadsLock)
        {
            if (_originalMinWorkers < 0)
                return;
            ThreadPool.GetMinThreads(out int minWorkers, out _);
            if (minWorkers == _raisedMinWorkers)
                ThreadPool.SetMinThreads(_originalMinWorkers, _originalMinIo);
            _originalMinWorkers = -1;
        }
    }
}
