using CsCheck;
using Wyn.Engine.Schedulers.Internal;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Schedulers;

/// <summary>
/// CsCheck SampleParallel on the batched strategy's global queue, used as the scheduler uses it
/// (every call under <see cref="GlobalQueue.SyncRoot"/>), against a <see cref="Queue{T}"/> model:
/// pushes, ranges, single pops and batch pops from several threads must leave the queue holding
/// what some sequential order leaves in the model, in the same order. The queue starts with a
/// capacity of 2 so the ring wraps and grows.
/// </summary>
public sealed class GlobalQueueLinearizabilityTests
{
    /// <summary>The queue under its lock, with a scratch ring for batch pops; <see cref="Contents"/> drains it once.</summary>
    public sealed class LockedQueue
    {
        private readonly GlobalQueue _queue = new(initialCapacity: 2);

        public void Push(int tag)
        {
            lock (_queue.SyncRoot)
                _queue.Push(new TaggedWork(tag));
        }

        public void PushRange(int[] tags)
        {
            WorkItem?[] items = tags.Select(t => (WorkItem?)new TaggedWork(t)).ToArray();
            lock (_queue.SyncRoot)
                _queue.PushRange(items, items.Length);
        }

        public void PushFromRing(int[] tags, int max)
        {
            var ring = new WorkRing(2);
            foreach (int tag in tags)
                ring.PushBack(new TaggedWork(tag));
            lock (_queue.SyncRoot)
                _queue.PushFrom(ring, max);
        }

        public void TryPop()
        {
            lock (_queue.SyncRoot)
                _queue.TryPop(out _);
        }

        public void PopBatch(int max)
        {
            var target = new WorkRing(2);
            lock (_queue.SyncRoot)
                _queue.PopTo(target, max);
        }

        /// <summary>What is left, front first. Draining is destructive, so it happens once and is cached: CsCheck compares against several candidate orders.</summary>
        // Read without consuming: drain under the lock, then push the same items back in order, so
        // that reading the state (CsCheck may print a queue before, during or after a run) never
        // changes it.
        public int[] Contents
        {
            get
            {
                var left = new List<WorkItem>();
                lock (_queue.SyncRoot)
                {
                    if (_queue.ApproximateCount < 0)
                        throw new InvalidOperationException("negative count");
                    while (_queue.TryPop(out WorkItem item))
                        left.Add(item);
                    if (_queue.ApproximateCount != 0)
                        throw new InvalidOperationException($"count {_queue.ApproximateCount} after draining");
                    foreach (WorkItem item in left)
                        _queue.Push(item);
                }
                return [.. left.Select(item => ((TaggedWork)item).Tag)];
            }
        }

        public override string ToString() => "[" + string.Join(",", Contents) + "]";
    }

    private static readonly Gen<int> Tag = Gen.Int[0, 999];
    private static readonly Gen<int[]> Tags = Tag.Array[0, 5];

    [Fact]
    public void PushPopAndBatches_InParallel_AreLinearizable()
    {
        Gen.Const(() => (new LockedQueue(), new Queue<int>()))
            .SampleParallel(
                Tag.Operation<LockedQueue, Queue<int>>(t => $"Push({t})", (q, t) => q.Push(t), (m, t) => m.Enqueue(t)),
                Tags.Operation<LockedQueue, Queue<int>>(t => $"PushRange([{string.Join(",", t)}])", (q, t) => q.PushRange(t), (m, t) => { foreach (int x in t) m.Enqueue(x); }),
                Gen.Select(Tags, Gen.Int[1, 4]).Operation<LockedQueue, Queue<int>>(
                    a => $"PushFrom([{string.Join(",", a.Item1)}], max {a.Item2})",
                    (q, a) => q.PushFromRing(a.Item1, a.Item2),
                    (m, a) => { foreach (int x in a.Item1.Take(a.Item2)) m.Enqueue(x); }),
                Gen.Operation<LockedQueue, Queue<int>>("TryPop()", q => q.TryPop(), m => m.TryDequeue(out _)),
                Gen.Int[1, 4].Operation<LockedQueue, Queue<int>>(n => $"PopBatch({n})", (q, n) => q.PopBatch(n), (m, n) => { for (int i = 0; i < n && m.TryDequeue(out _); i++) { } }),
                equal: (actual, model) => actual.Contents.SequenceEqual(model),
                iter: StressMode.Pick(300, 100_000),
                printActual: q => q.ToString(),
                printModel: m => "[" + string.Join(",", m) + "]");
    }

    [Fact]
    public void Peak_TracksTheLargestDepth()
    {
        var queue = new GlobalQueue(2);
        lock (queue.SyncRoot)
        {
            for (int i = 0; i < 10; i++)
                queue.Push(new TaggedWork(i));
            var ring = new WorkRing(2);
            Assert.Equal(7, queue.PopTo(ring, 7));
            Assert.Equal(7, ring.Count);
            queue.Push(new TaggedWork(10));
        }
        Assert.Equal(10, queue.Peak);
        Assert.Equal(4, queue.ApproximateCount);
    }
}
