using Wyn.Engine.Schedulers.Internal;
namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    /// <summary>How long a lone spawn from a non-worker thread may wait for a sleeping worker (see EnqueueExternal).</summary>
    private const int BackstopMilliseconds = 1;

    private Timer? _backstop;
    private int _backstopArmed;

    /// <summary>Makes sure a backstop tick comes soon; one atomic exchange when already armed.</summary>
    private void ArmBackstop()
    {
        if (Interlocked.Exchange(ref _backstopArmed, 1) != 0)
            return;
        Timer timer = _backstop ?? CreateBackstop();
        timer.Change(BackstopMilliseconds, Timeout.Infinite);
    }

    private Timer CreateBackstop()
    {
        lock (_stateLock)
            return _backstop ??= new Timer(static s => ((BatchedScheduler)s!).BackstopTick(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Moves whatever still sits in the external rings to the global queue and wakes a worker for queued work.</summary>
    private void BackstopTick()
    {
        Volatile.Write(ref _backstopArmed, 0);
        if (_stopped)
            return;
        lock (_global.SyncRoot)
        {
            if (_global.ApproximateCount > 0 && _parkedWorkers > 0)
            {
                _wakePending = 1;
                Monitor.Pulse(_global.SyncRoot);
            }
        }
        var scratch = new WorkItem[_batchSize * 2];
        foreach (SpawnRing ring in _rings.All)
        {
            int n;
            while ((n = ring.Take(scratch, scratch.Length)) > 0)
            {
                bool cancel;
                lock (_global.SyncRoot)
                {
                    cancel = _stopped;
                    if (!cancel)
                    {
                        _global.PushRange(scratch, n);
                        // The backstop exists to rescue work nobody takes: always wake a sleeper.
                        if (_parkedWorkers > 0)
                        {
                            _wakePending = 1;
                            Monitor.Pulse(_global.SyncRoot);
                        }
                    }
                }
                if (cancel)
                {
                    for (int i = 0; i < n; i++)
                        scratch[i]!.Cancel();
                }
            }
        }
    }
}
