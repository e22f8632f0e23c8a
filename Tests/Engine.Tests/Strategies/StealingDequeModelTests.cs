using CsCheck;
using Wyn.Engine.Schedulers;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Strategies;

/// <summary>
/// CsCheck SampleModelBased on the work-stealing deque against a sequential model (a list: push and
/// pop at the end, steal at the front). Single-threaded, so every operation's outcome is determined:
/// each one appends what it returned to a log, and actual and model must agree on the log and the
/// count after every step. Capacities are tiny (2–8, so "full" is reached all the time) and start
/// indices sit next to int.MaxValue and int.MinValue, so the walk crosses the wraparound.
/// </summary>
public sealed class StealingDequeModelTests
{
    internal sealed class ActualDeque(int capacity, int startIndex)
    {
        public readonly StealingDeque Deque = new(capacity, startIndex);
        public readonly List<string> Log = [];
        private readonly WorkItem?[] _buffer = new WorkItem?[16];

        public void Push(int tag) => Log.Add(Deque.TryPush(new TaggedWork(tag)) ? $"push {tag}" : "full");

        public void PushRange(int[] tags)
        {
            WorkItem?[] items = [.. tags.Select(t => new TaggedWork(t))];
            Log.Add(Deque.TryPushRange(items, 0, items.Length) ? $"pushed {tags.Length}" : "no room");
        }

        public void Pop() => Log.Add(Deque.TryPop() is TaggedWork w ? $"pop {w.Tag}" : "empty");

        public void PopBatch(int max)
        {
            int taken = Deque.TryPopBatch(_buffer, max);
            Log.Add("batch " + string.Join(",", _buffer.Take(taken).Cast<TaggedWork>().Select(w => w.Tag)));
            Array.Clear(_buffer);
        }

        public void Steal() => Log.Add(Deque.TrySteal(out _) is TaggedWork w ? $"steal {w.Tag}" : "empty");

        public void StealHalf(int max)
        {
            int taken = Deque.StealHalf(_buffer, max);
            Log.Add("half " + string.Join(",", _buffer.Take(taken).Cast<TaggedWork>().Select(w => w.Tag)));
            Array.Clear(_buffer);
        }

        public override string ToString() => $"count {Deque.Count}, log [{string.Join("; ", Log.TakeLast(6))}]";
    }

    internal sealed class ModelDeque(int capacity)
    {
        public readonly List<int> Items = [];
        public readonly List<string> Log = [];

        public void Push(int tag)
        {
            if (Items.Count == capacity)
            {
                Log.Add("full");
                return;
            }
            Items.Add(tag);
            Log.Add($"push {tag}");
        }

        public void PushRange(int[] tags)
        {
            if (Items.Count + tags.Length > capacity)
            {
                Log.Add("no room");
                return;
            }
            Items.AddRange(tags);
            Log.Add($"pushed {tags.Length}");
        }

        public void Pop()
        {
            if (Items.Count == 0)
            {
                Log.Add("empty");
                return;
            }
            Log.Add($"pop {Items[^1]}");
            Items.RemoveAt(Items.Count - 1);
        }

        public void PopBatch(int max)
        {
            // Newest first: up to max, at most half (rounded down) — or the one item of a deque of one to three.
            int n = Math.Min(max, Items.Count / 2);
            if (n <= 1)
                n = Math.Min(1, Items.Count);
            var taken = Items.TakeLast(n).Reverse().ToList();
            Log.Add("batch " + string.Join(",", taken));
            Items.RemoveRange(Items.Count - n, n);
        }

        public void Steal()
        {
            if (Items.Count == 0)
            {
                Log.Add("empty");
                return;
            }
            Log.Add($"steal {Items[0]}");
            Items.RemoveAt(0);
        }

        public void StealHalf(int max)
        {
            // Half rounded up, at most max, oldest first.
            int n = Math.Min(Items.Count - Items.Count / 2, Math.Min(max, 16));
            Log.Add("half " + string.Join(",", Items.Take(n)));
            Items.RemoveRange(0, n);
        }

        public override string ToString() => $"count {Items.Count}, log [{string.Join("; ", Log.TakeLast(6))}]";
    }

    private static readonly Gen<int> s_startIndex = Gen.OneOf(
        Gen.Int[int.MaxValue - 24, int.MaxValue],
        Gen.Int[int.MinValue, int.MinValue + 8],
        Gen.Int[-8, 8]);

    [Fact]
    public void Deque_BehavesLikeASequentialDeque_AcrossWraparound()
    {
        Gen.Select(Gen.Int[1, 8], s_startIndex, (requested, start) =>
            {
                var actual = new ActualDeque(requested, start);
                return (actual, new ModelDeque(actual.Deque.Capacity));
            })
            .SampleModelBased(
                Gen.Int[0, 1000].Operation<ActualDeque, ModelDeque>((a, t) => a.Push(t), (m, t) => m.Push(t)),
                Gen.Int[0, 1000].Array[1, 5].Operation<ActualDeque, ModelDeque>((a, t) => a.PushRange(t), (m, t) => m.PushRange(t)),
                Gen.Operation<ActualDeque, ModelDeque>(a => a.Pop(), m => m.Pop()),
                Gen.Operation<ActualDeque, ModelDeque>(a => a.Steal(), m => m.Steal()),
                Gen.Int[1, 16].Operation<ActualDeque, ModelDeque>((a, max) => a.PopBatch(max), (m, max) => m.PopBatch(max)),
                Gen.Int[1, 8].Operation<ActualDeque, ModelDeque>((a, max) => a.StealHalf(max), (m, max) => m.StealHalf(max)),
                equal: (a, m) => a.Deque.Count == m.Items.Count && a.Log.SequenceEqual(m.Log),
                iter: StressMode.Pick(2_000, 100_000));
    }

    [Theory]
    [InlineData(int.MaxValue - 3)]
    [InlineData(int.MinValue)]
    [InlineData(-1)]
    public void Deque_PushesAndPopsAcrossTheWrap_InLifoOrder(int start)
    {
        var deque = new StealingDeque(capacity: 4, startIndex: start);
        for (int round = 0; round < 100; round++)
        {
            var pushed = new[] { new TaggedWork(round * 4), new TaggedWork(round * 4 + 1), new TaggedWork(round * 4 + 2), new TaggedWork(round * 4 + 3) };
            foreach (TaggedWork w in pushed)
                Assert.True(deque.TryPush(w));
            Assert.False(deque.TryPush(new TaggedWork(-1)), "a full deque must refuse a push");
            Assert.Same(pushed[0], deque.TrySteal(out _));
            Assert.Same(pushed[3], deque.TryPop());
            Assert.Same(pushed[2], deque.TryPop());
            Assert.Same(pushed[1], deque.TryPop());
            Assert.Null(deque.TryPop());
            Assert.Equal(0, deque.Count);
        }
    }

    [Fact]
    public void StealDescendant_TakesTheOldestItemOnlyIfItIsTheAwaitedTaskOrItsSpawn()
    {
        var deque = new StealingDeque(capacity: 8, startIndex: int.MaxValue - 1);
        var other = new TaggedWork(1) { Lineage = new TaskLineage(typeof(long), 7, 3) };
        var child = new TaggedWork(2) { Lineage = new TaskLineage(typeof(long), 5, 9) };
        Assert.True(deque.TryPush(other));
        Assert.True(deque.TryPush(child));

        // The oldest item was spawned by another task: nothing is taken, even though the next one matches.
        Assert.Null(deque.TryStealDescendant(5, 9, typeof(long)));
        Assert.Equal(2, deque.Count);
        // Same slot and generation of another result type, or another generation of the slot: no match.
        Assert.Null(deque.TryStealDescendant(7, 3, typeof(int)));
        Assert.Null(deque.TryStealDescendant(7, 5, typeof(long)));
        Assert.Same(other, deque.TryStealDescendant(7, 3, typeof(long)));
        Assert.Same(child, deque.TryStealDescendant(5, 9, typeof(long)));
        Assert.Null(deque.TryStealDescendant(5, 9, typeof(long)));
        Assert.Equal(0, deque.Count);
    }
}
