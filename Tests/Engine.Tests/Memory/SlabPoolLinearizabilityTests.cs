using System.Collections.Concurrent;
using CsCheck;
using Wyn.Engine.Memory;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Memory;

/// <summary>
/// CsCheck SampleParallel: random rent/return/trim operations run in parallel on a pool with caches
/// and chunks of 2 (so every few operations cross the lock-free shared free list), and the outcome
/// must equal some sequential order of the same operations on a model — the number of items rented
/// and not returned. "Equal" also means: no item is held twice, every held handle is current, and the
/// pool's own counters agree.
/// </summary>
public sealed class SlabPoolLinearizabilityTests
{
    /// <summary>The pool plus the handles its parallel users hold; the holder id catches a double hand-out.</summary>
    public sealed class PoolUnderTest
    {
        public readonly SlabPool<PooledTestItem> Pool = new(() => new PooledTestItem(),
            new SlabPoolOptions { ChunkSize = 2, ThreadCacheSize = 2, RetainedLimit = 3 });
        public readonly ConcurrentStack<(PooledTestItem Item, int Generation)> Held = new();
        public int Violations;

        public void Rent()
        {
            PooledTestItem item = Pool.Rent();
            if (!item.TryHold(1))
                Interlocked.Increment(ref Violations);   // handed out while someone holds it
            Held.Push((item, item.Generation));
        }

        public void ReturnOne()
        {
            if (!Held.TryPop(out var handle))
                return;
            if (!handle.Item.TryLetGo(1))
                Interlocked.Increment(ref Violations);
            Pool.Return(handle.Item, handle.Generation);
        }

        public void RentReturnAndReturnAgain()
        {
            PooledTestItem item = Pool.Rent();
            int generation = item.Generation;
            if (!item.TryHold(2))
                Interlocked.Increment(ref Violations);
            item.TryLetGo(2);
            Pool.Return(item, generation);
            try
            {
                Pool.Return(item, generation);
                Interlocked.Increment(ref Violations);   // a double return was accepted
            }
            catch (InvalidOperationException)
            {
            }
        }

        public override string ToString() =>
            $"held {Held.Count}, violations {Violations}, counters {Pool.GetCounters()}";
    }

    /// <summary>The sequential model: how many items are out.</summary>
    public sealed class OutstandingModel
    {
        public int Count;

        public override string ToString() => $"outstanding {Count}";
    }

    private static bool Matches(PoolUnderTest actual, OutstandingModel model)
    {
        var held = actual.Held.ToArray();
        return Volatile.Read(ref actual.Violations) == 0
            && held.Length == model.Count
            && actual.Pool.GetCounters().Outstanding == model.Count
            && held.Select(h => h.Item.Serial).Distinct().Count() == held.Length
            && held.All(h => actual.Pool.IsCurrent(h.Item, h.Generation));
    }

    [Fact]
    public void RentReturnTrim_InParallel_AreLinearizable()
    {
        Gen.Const(() => (new PoolUnderTest(), new OutstandingModel()))
            .SampleParallel(
                Gen.Operation<PoolUnderTest, OutstandingModel>("Rent", p => p.Rent(), m => m.Count++),
                Gen.Operation<PoolUnderTest, OutstandingModel>("Return", p => p.ReturnOne(), m => m.Count = Math.Max(0, m.Count - 1)),
                Gen.Operation<PoolUnderTest, OutstandingModel>("Trim", p => p.Pool.Trim(), _ => { }),
                Gen.Operation<PoolUnderTest, OutstandingModel>("RentReturnReturn", p => p.RentReturnAndReturnAgain(), _ => { }),
                equal: Matches,
                iter: StressMode.Pick(300, 200_000),
                printActual: p => p.ToString(),
                printModel: m => m.ToString());
    }
}
