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

        /// <summary>What an awaiter sees; awaited once (it consumes the handle) and cached, since CsCheck compares several candidate orders.</summary>
        public string Outcome
        {
            get
            {
                if (_outcome is null)
                {
                    Future<int> future = _promise.Future;
                    if (!future.IsCompleted)
                        // Not cached: CsCheck may read the state before the operations run too.
                        return $"incomplete, {Volatile.Read(ref _refused)} refused";
                    else
                    {
                        try
                        {
                            _outcome = $"value {future.Await()}";
                        }
                        catch (ArithmeticException e)
                        {
                            _outcome = $"value {e.Message}";
                        }
                    }
                }
                return $"{_outcome}, {Volatile.Read(ref _refused)} refused";
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

    public void Dispose() => _engine.Dispose();
}
