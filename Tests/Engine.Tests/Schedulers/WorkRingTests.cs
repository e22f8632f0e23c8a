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
}
