using Wyn.Engine.Schedulers;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Strategies;

/// <summary>
/// The deque under real concurrency: one owner pushing and popping, thieves stealing singly and by
/// halves, capacities of 2, 4 and 16 (so the owner hits "full" and the last-item race constantly; 16
/// leaves room for the owner's batch pops to meet the thieves) and
/// indices starting just below int.MaxValue (so they wrap within the first few hundred items).
/// Conservation: every pushed item is taken exactly once, by the owner or by one thief.
/// </summary>
public sealed class StealingDequeStressTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 2)]
    [InlineData(16, 1)]
    [InlineData(16, 2)]
    public void OwnerAndThieves_TakeEveryItemExactlyOnce(int capacity, int thieves)
    {
        int n = StressMode.Pick(200_000, 5_000_000);
        var deque = new StealingDeque(capacity, startIndex: int.MaxValue - 100);
        var items = new TaggedWork[n];
        for (int i = 0; i < n; i++)
            items[i] = new TaggedWork(i);
        var ownerDone = new ManualResetEventSlim();
        using var thievesRunning = new CountdownEvent(thieves);
        long[] stolenBy = new long[thieves];

        Bounded.Run(() =>
        {
            var thiefThreads = new Thread[thieves];
            for (int t = 0; t < thieves; t++)
            {
                int id = t;
                thiefThreads[t] = new Thread(() =>
                {
                    var buffer = new WorkItem?[capacity];
                    var random = new Random(id);
                    thievesRunning.Signal();
                    while (!ownerDone.IsSet || deque.Count > 0)
                    {
                        if (random.Next(2) == 0)
                        {
                            if (deque.TrySteal(out _) is { } item)
                            {
                                item.Execute();
                                stolenBy[id]++;
                            }
                        }
                        else
                        {
                            int taken = deque.StealHalf(buffer, capacity);
                            for (int i = 0; i < taken; i++)
                                buffer[i]!.Execute();
                            stolenBy[id] += taken;
                        }
                    }
                }) { IsBackground = true, Name = $"thief-{t}" };
                thiefThreads[t].Start();
            }

            // Start only once every thief runs: on a loaded machine the owner could otherwise push
            // and pop all items before a thief thread was ever scheduled.
            Assert.True(thievesRunning.Wait(TimeSpan.FromSeconds(30)), "the thieves did not start");

            // The owner: push everything, popping (one, or a batch) when full and now and then anyway.
            var ownerRandom = new Random(42);
            var batch = new WorkItem?[capacity];
            void OwnerPops()
            {
                if (ownerRandom.Next(2) == 0)
                {
                    deque.TryPop()?.Execute();
                    return;
                }
                int taken = deque.TryPopBatch(batch, 1 + ownerRandom.Next(capacity));
                for (int k = 0; k < taken; k++)
                    batch[k]!.Execute();
                Array.Clear(batch);
            }
            for (int i = 0; i < n; i++)
            {
                while (!deque.TryPush(items[i]))
                    OwnerPops();
                if (ownerRandom.Next(4) == 0)
                    OwnerPops();
            }
            // Leave what is left to the thieves for a while (the last item's owner/thief race), then
            // take the rest.
            SpinWait.SpinUntil(() => deque.Count == 0, TimeSpan.FromSeconds(5));
            while (deque.TryPop() is { } left)
                left.Execute();
            ownerDone.Set();
            foreach (Thread thief in thiefThreads)
                Assert.True(thief.Join(TimeSpan.FromSeconds(30)), "a thief did not finish");
        }, StressMode.Timeout(TimeSpan.FromSeconds(60)), $"owner and {thieves} thieves on a deque of {capacity}");

        int wrong = items.Count(w => w.Executions != 1);
        TaggedWork? first = items.FirstOrDefault(w => w.Executions != 1);
        Assert.True(wrong == 0, $"{wrong} of {n} items were not taken exactly once; item {first?.Tag} was taken {first?.Executions} times");
        Assert.Equal(0, deque.Count);
        // Not a correctness condition, but a test that never steals would prove nothing about stealing.
        Assert.True(stolenBy.Sum() > 0, "no thief ever stole: the test exercised only the owner");
    }
}
