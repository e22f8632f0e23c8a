using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler
{
    /// <summary>How long a lone spawn from a non-worker thread may wait while every worker sleeps (see EnqueueExternal).</summary>
    private const int BackstopMilliseconds = 1;

    // Created with the scheduler (its timer only on the first Arm); see Internal/Backstop.
    private readonly Backstop _backstop;

    private bool BackstopArmed => _backstop.IsArmed;

    private void ArmBackstop() => _backstop.Arm();

    /// <summary>Moves whatever still sits in the external rings to the injection queue (FlushExternal wakes a sleeper for it).</summary>
    private void BackstopTick()
    {
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
