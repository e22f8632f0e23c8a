using Wyn.Engine.Schedulers.Internal;
namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    /// <summary>How long a lone spawn from a non-worker thread may wait for a sleeping worker (see EnqueueExternal).</summary>
    private const int BackstopMilliseconds = 1;

    // Created with the scheduler (its timer only on the first Arm); see Internal/Backstop.
    private readonly Backstop _backstop;

    private bool BackstopArmed => _backstop.IsArmed;

    private void ArmBackstop() => _backstop.Arm();

    /// <summary>Moves whatever still sits in the external rings to the global queue and wakes a worker for queued work.</summary>
    private void BackstopTick()
    {
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
