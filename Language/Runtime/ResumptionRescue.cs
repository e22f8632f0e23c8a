using System.Collections.Concurrent;

namespace Wyn.Language.Runtime;

/// <summary>
/// Makes sure a suspended task's resumption runs even when no engine thread can take it (decision
/// 0013). A resumption is queued on the engine like any task; but when every engine thread is
/// blocked (tasks blocked in <c>await</c> hold theirs) and the engine may start no more
/// (<c>MaxBlockingCompensation</c>), it would wait behind them for good, where the same task,
/// blocked on a thread of its own, would have gone on: 5,000 tasks awaiting one future whose task
/// sleeps hung. So every resumption is also listed here; a timer looks every few milliseconds, and
/// while the engine is starved it gives each listed resumption that no engine thread has started a
/// thread of its own. Whichever starts a resumption first runs it; the other skips it.
/// </summary>
internal sealed class ResumptionRescue : IDisposable
{
    private const int TickMilliseconds = 10;

    private readonly WynContext _context;
    private readonly ConcurrentQueue<Listed> _listed = new();
    private readonly Timer _timer;
    private int _ticking;

    /// <summary>Threads one tick may start: a starved engine with thousands of resumptions waiting gets them over a few ticks.</summary>
    private const int MaxRescuesPerTick = 64;

    public ResumptionRescue(WynContext context)
    {
        _context = context;
        _timer = new Timer(static state => ((ResumptionRescue)state!).Tick(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>
    /// Queues resumption number <paramref name="use"/> of <paramref name="resumption"/> on the engine,
    /// and lists it for the rescue. No allocation: a pooled waiter (Channel.Waiter.cs) is suspended and
    /// resumed many times, and each time has a new number, so a listing or a queued item left over
    /// from an earlier time can never start a later one.
    /// </summary>
    public void Resume(IResumption resumption, int use)
    {
        var listed = new Listed(resumption, use);
        _listed.Enqueue(listed);
        if (Volatile.Read(ref _ticking) == 0 && Interlocked.Exchange(ref _ticking, 1) == 0)
        {
            _timer.Change(TickMilliseconds, TickMilliseconds);
        }

        _context.Engine.Run(static l => l.TryRun(), listed);
    }

    private void Tick()
    {
        // Forget what already ran.
        while (_listed.TryPeek(out Listed head) && head.Resumption.IsClaimed(head.Use))
        {
            _listed.TryDequeue(out _);
        }

        if (_listed.IsEmpty || !_context.Engine.IsStarved)
        {
            return;
        }

        // Starved: each listed resumption not started yet gets a thread of its own (it may block
        // there, as a spare's task may), a bounded number per tick.
        int rescued = 0;
        while (rescued < MaxRescuesPerTick && _listed.TryDequeue(out Listed next))
        {
            if (!next.Resumption.TryClaim(next.Use))
            {
                continue;
            }

            var rescuer = new Thread(static r => ((IResumption)r!).Resume(), 16 * 1024 * 1024) { IsBackground = true, Name = "wyn-rescue" };
            rescuer.Start(next.Resumption);
            rescued++;
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>One queued resumption: whichever of the engine and the rescue claims it first runs it.</summary>
    private readonly record struct Listed(IResumption Resumption, int Use)
    {
        public void TryRun()
        {
            if (Resumption.TryClaim(Use))
            {
                Resumption.Resume();
            }
        }
    }
}
