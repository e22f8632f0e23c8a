using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler
{
    /// <summary>How long a lone spawn from a non-worker thread may wait while every worker sleeps (see EnqueueExternal).</summary>
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
            return _backstop ??= new Timer(static s => ((WorkStealingScheduler)s!).BackstopTick(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Moves whatever still sits in the external rings to the injection queue (FlushExternal wakes a sleeper for it).</summary>
    private void BackstopTick()
    {
        Volatile.Write(ref _backstopArmed, 0);
        if (_stopped)
            return;
        var scratch = new WorkItem?[_batchSize * 2];
        foreach (SpawnRing ring in _rings.All)
        {
            int n;
            while ((n = ring.Take(scratch, scratch.Length)) > 0)
                PushToInjection(scratch, n);
        }
    }
}
