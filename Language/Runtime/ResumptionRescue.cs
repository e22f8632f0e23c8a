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
    private readonly ConcurrentQueue<Resumption> _listed = new();
    private readonly Timer _timer;
    private int _ticking;

    /// <summary>Threads one tick may start: a starved engine with thousands of resumptions waiting gets them over a few ticks.</summary>
    private const int MaxRescuesPerTick = 64;

    public ResumptionRescue(WynContext context)
    {
        _context = context;
        _timer = new Timer(static state => ((ResumptionRescue)state!).Tick(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Queues <paramref name="resume"/> on the engine, and lists it for the rescue.</summary>
    public void Resume<TState>(Action<TState> resume, TState state)
    {
        var resumption = new Resumption<TState>(resume, state);
        _listed.Enqueue(resumption);
        if (Volatile.Read(ref _ticking) == 0 && Interlocked.Exchange(ref _ticking, 1) == 0)
        {
            _timer.Change(TickMilliseconds, TickMilliseconds);
        }

        _context.Engine.Run(static r => r.TryRun(), (Resumption)resumption);
    }

    private void Tick()
    {
        // Forget what already ran.
        while (_listed.TryPeek(out Resumption? head) && head.Started)
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
        while (rescued < MaxRescuesPerTick && _listed.TryDequeue(out Resumption? next))
        {
            if (!next.TryClaim())
            {
                continue;
            }

            var rescuer = new Thread(static r => ((Resumption)r!).Run(), 16 * 1024 * 1024) { IsBackground = true, Name = "wyn-rescue" };
            rescuer.Start(next);
            rescued++;
        }
    }

    public void Dispose() => _timer.Dispose();

    private abstract class Resumption
    {
        private int _started;

        public bool Started => Volatile.Read(ref _started) != 0;

        public void TryRun()
        {
            if (TryClaim())
            {
                Run();
            }
        }

        public bool TryClaim() => Interlocked.Exchange(ref _started, 1) == 0;

        public abstract void Run();
    }

    private sealed class Resumption<TState>(Action<TState> resume, TState state) : Resumption
    {
        public override void Run() => resume(state);
    }
}
