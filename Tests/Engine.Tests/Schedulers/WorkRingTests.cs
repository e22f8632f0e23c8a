using Wyn.Engine.Schedulers.Internal;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Schedulers;

/// <summary>The single-threaded ring behind worker queues and the global queue, at capacity 2 so it wraps and grows.</summary>
public sealed class WorkRingTests
{
    [Fact]
    public void FrontAndBack_BehaveAsADeque_AcrossWrapAndGrowth()
    {
        var ring = new WorkRing(2);
        var model = new LinkedList<int>();
        var random = new Random(12345);
        int next = 0;
        for (int step = 0; step < 10_000; step++)
        {
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    ring.PushBack(new TaggedWork(next));
                    model.AddLast(next++);
                    break;
                case 2:
                    Assert.Equal(model.Count > 0, ring.TryPopFront(out WorkItem front));
                    if (model.Count > 0)
                    {
                        Assert.Equal(model.First!.Value, ((TaggedWork)front).Tag);
                        model.RemoveFirst();
                    }
                    break;
                default:
                    Assert.Equal(model.Count > 0, ring.TryPopBack(out WorkItem back));
                    if (model.Count > 0)
                    {
                        Assert.Equal(model.Last!.Value, ((TaggedWork)back).Tag);
                        model.RemoveLast();
                    }
                    break;
            }
            Assert.Equal(model.Count, ring.Count);
        }
    }

    [Fact]
    public void MoveFrontTo_MovesAtMostMax_InOrder()
    {
        var source = new WorkRing(2);
        for (int i = 0; i < 5; i++)
            source.PushBack(new TaggedWork(i));
        var target = new WorkRing(2);
        target.PushBack(new TaggedWork(100));
        Assert.Equal(3, source.MoveFrontTo(target, 3));
        Assert.Equal(2, source.Count);
        Assert.Equal(4, target.Count);
        var order = new List<int>();
        while (target.TryPopFront(out WorkItem item))
            order.Add(((TaggedWork)item).Tag);
        Assert.Equal([100, 0, 1, 2], order);
        Assert.Equal(2, source.MoveFrontTo(target, 10));
        Assert.Equal(0, source.Count);
        Assert.Equal(0, source.MoveFrontTo(target, 10));
    }

    [Fact]
    public void TakeCompleting_RemovesThatItemAnywhere_AndKeepsEveryOther()
    {
        var ring = new WorkRing(2);
        for (int i = 0; i < 5; i++)
            ring.PushBack(new TaggedWork(i));
        ring.TryPopFront(out _);   // the ring wraps: items 1..4 from a moved head
        ring.PushBack(new TaggedWork(5));

        Assert.True(ring.ContainsCompleting(3, typeof(int)));
        Assert.False(ring.ContainsCompleting(3, typeof(long)));
        Assert.True(ring.TryTakeCompleting(3, typeof(int), out WorkItem taken));
        Assert.Equal(3, ((TaggedWork)taken).Tag);
        Assert.False(ring.TryTakeCompleting(3, typeof(int), out _));
        Assert.False(ring.TryTakeCompleting(0, typeof(int), out _));   // popped before
        Assert.Equal(4, ring.Count);

        var left = new List<int>();
        while (ring.TryPopFront(out WorkItem item))
            left.Add(((TaggedWork)item).Tag);
        left.Sort();
        Assert.Equal([1, 2, 4, 5], left);
    }

    [Fact]
    public void TakeCompleting_LooksOnlyAtTheOldestAndNewestItems()
    {
        var ring = new WorkRing(2);
        int total = 3 * WorkRing.SearchedAtEachEnd;
        for (int i = 0; i < total; i++)
            ring.PushBack(new TaggedWork(i));
        Assert.True(ring.ContainsCompleting(WorkRing.SearchedAtEachEnd - 1, typeof(int)));
        Assert.False(ring.ContainsCompleting(WorkRing.SearchedAtEachEnd, typeof(int)));   // the middle third
        Assert.False(ring.ContainsCompleting(total - WorkRing.SearchedAtEachEnd - 1, typeof(int)));
        Assert.True(ring.TryTakeCompleting(total - WorkRing.SearchedAtEachEnd, typeof(int), out WorkItem newest));
        Assert.Equal(total - WorkRing.SearchedAtEachEnd, ((TaggedWork)newest).Tag);
    }
}
