using CsCheck;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Core;

/// <summary>
/// The future completion race (RELIABILITY.md, linearizability): threads racing to complete one
/// promise with values or failures must behave like some sequential order of the same calls — the
/// first completion wins, every later one is refused (exactly one succeeds, however they interleave),
/// and the awaiter sees exactly the winner.
/// </summary>
public sealed class PromiseLinearizabilityTests : IDisposable
{
    private readonly WynEngine _engine = WynEngine.Create(o =>
    {
        o.Scheduler = "inline";
        o.Workers = 1;
    });

    /// <summary>One promise under racing completions; the outcome is awaited once, lazily, when compared.</summary>
    public sealed class RacedPromise(WynEngine engine)
    {
        private readonly Promise<int> _promise = engine.CreatePromise<int>();
        private readonly Lock _outcomeLock = new();
        private string? _outcome;
        private int _refused;

        public void Complete(int value)
        {
            try
            {
                if (value >= 0)
                    _promise.SetResult(value);
                else
                    _promise.SetException(new ArithmeticException(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            catch (InvalidOperationException)
            {
                // Refused: somebody completed it first.
                Interlocked.Increment(ref _refused);
            }
        }

        /// <summary>
        /// What an awaiter sees; awaited once (it consumes the handle) and cached. CsCheck compares
        /// the candidate orders with <c>Parallel.ForEach</c>, so this is read from several threads at
        /// once: the lock keeps it to one <c>Await</c> (a second would throw on the consumed handle,
        /// which CsCheck takes as "not linearizable" for that order and stops the search).
        /// </summary>
        public string Outcome
        {
            get
            {
                lock (_outcomeLock)
                {
                    if (_outcome is null)
                    {
                        Future<int> future = _promise.Future;
                        if (!future.IsCompleted)
                            // Not cached: CsCheck may read the state before the operations run too.
                            return $"incomplete, {Volatile.Read(ref _refused)} refused";
                        try
                        {
                            _outcome = $"value {future.Await()}";
                        }
                        catch (ArithmeticException e)
                        {
                            _outcome = $"value {e.Message}";
                        }
                    }
                    return $"{_outcome}, {Volatile.Read(ref _refused)} refused";
                }
            }
        }
    }

    /// <summary>The sequential model: the first completion's value, if any.</summary>
    public sealed class FirstWins
    {
        public int? Value;
        public int Refused;

        public void Complete(int value)
        {
            if (Value is null)
                Value = value;
            else
                Refused++;
        }

        public override string ToString() =>
            $"{(Value is { } v ? $"value {v}" : "incomplete")}, {Refused} refused";
    }

    [Fact]
    public void RacingCompletions_AreLinearizable_FirstWins()
    {
        Gen.Const(() => (new RacedPromise(_engine), new FirstWins()))
            .SampleParallel(
                Gen.Int[-50, 50].Operation<RacedPromise, FirstWins>(v => $"Complete({v})", (p, v) => p.Complete(v), (m, v) => m.Complete(v)),
                equal: (actual, model) => actual.Outcome == model.ToString(),
                iter: StressMode.Pick(300, 50_000),
                printActual: p => p.Outcome,
                printModel: m => m.ToString());
    }

    /// <summary>
    /// Two threads race to complete each of many promises, with timestamps around every call: exactly
    /// one wins, and a completion that ended before the other one began always wins (the real-time
    /// order a linearizable completion must respect).
    /// </summary>
    [Fact]
    public void RacingCompletions_TheFirstInRealTimeWins()
    {
        int samples = StressMode.Pick(20_000, 1_000_000);
        var violations = new List<string>();
        var step = new Barrier(3);
        Promise<int> promise = default;
        long[] begin = new long[2], end = new long[2];
        bool[] won = new bool[2];
        void Racer(int k)
        {
            for (int i = 0; i < samples; i++)
            {
                step.SignalAndWait();
                begin[k] = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    if (k == 0)
                        promise.SetResult(1);
                    else
                        promise.SetException(new ArithmeticException("racer 1"));
                    won[k] = true;
                }
                catch (InvalidOperationException)
                {
                    won[k] = false;
                }
                end[k] = System.Diagnostics.Stopwatch.GetTimestamp();
                step.SignalAndWait();
            }
        }

        Bounded.Run(() =>
        {
            var racers = new[] { new Thread(() => Racer(0)), new Thread(() => Racer(1)) };
            foreach (Thread racer in racers)
                racer.Start();
            for (int i = 0; i < samples; i++)
            {
                promise = _engine.CreatePromise<int>();
                step.SignalAndWait();   // the racers start
                step.SignalAndWait();   // the racers are done
                int winners = (won[0] ? 1 : 0) + (won[1] ? 1 : 0);
                if (winners != 1 || (won[0] && end[1] < begin[0]) || (won[1] && end[0] < begin[1]))
                    violations.Add($"sample {i}: won {won[0]}/{won[1]}, racer 0 [{begin[0]}, {end[0]}], racer 1 [{begin[1]}, {end[1]}]");
                string outcome;
                try
                {
                    outcome = $"value {promise.Future.Await()}";
                }
                catch (ArithmeticException)
                {
                    outcome = "racer 1";
                }
                if ((won[0] && outcome != "value 1") || (won[1] && outcome != "racer 1"))
                    violations.Add($"sample {i}: the awaiter saw {outcome}, but racer {(won[0] ? 0 : 1)} won");
            }
            foreach (Thread racer in racers)
                racer.Join();
        }, StressMode.Timeout(TimeSpan.FromSeconds(120)), "racing promise completions");
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(5)));
    }

    public void Dispose() => _engine.Dispose();
}
