using Wyn.Engine.Memory;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Memory;

/// <summary>
/// Several threads renting and returning at random on a pool with tiny caches and chunks, one of
/// them trimming now and then, so the lock-free shared list is pushed, popped, released from and
/// refilled by new chunks all at once. Each renter claims the item it gets; a second claim means
/// the pool handed one item to two renters (the ABA failure the tagged head prevents). The second
/// geometry moves three ids per magazine and fills some magazines only in part (a chunk of 8 less
/// the 3 its creator keeps).
/// </summary>
public sealed class SlabPoolStressTests
{
    [Theory]
    [InlineData(2, 2, 4)]
    [InlineData(8, 6, 24)]
    public void ManyThreads_RentReturnAndTrim_NeverShareAnItem_AndBalance(int chunkSize, int cacheSize, int retained)
    {
        const int threads = 4;
        int operations = StressMode.Pick(1_000_000, 20_000_000);
        using var pool = new SlabPool<PooledTestItem>(() => new PooledTestItem(),
            new SlabPoolOptions { ChunkSize = chunkSize, ThreadCacheSize = cacheSize, RetainedLimit = retained });
        int violations = 0;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(1, threads).Select(id => new Thread(() =>
        {
            var random = new Random(id);
            var held = new List<(PooledTestItem Item, int Generation)>();
            start.SignalAndWait();
            for (int op = 0; op < operations; op++)
            {
                int choice = random.Next(16);
                if (choice == 0 && id == 1)
                {
                    pool.Trim();
                }
                else if (choice < 8 && held.Count < 16)
                {
                    PooledTestItem item = pool.Rent();
                    if (!item.TryHold(id))
                        Interlocked.Increment(ref violations);
                    held.Add((item, item.Generation));
                }
                else if (held.Count > 0)
                {
                    int index = random.Next(held.Count);
                    var (item, generation) = held[index];
                    held[index] = held[^1];
                    held.RemoveAt(held.Count - 1);
                    if (!item.TryLetGo(id) || !pool.IsCurrent(item, generation))
                        Interlocked.Increment(ref violations);
                    pool.Return(item, generation);
                }
            }
            foreach (var (item, generation) in held)
            {
                item.TryLetGo(id);
                pool.Return(item, generation);
            }
        }) { IsBackground = true, Name = $"test-pool-{id}" }).ToList();

        Bounded.Run(() =>
        {
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
        }, StressMode.Timeout(TimeSpan.FromSeconds(60)), "pool stress threads");

        Assert.Equal(0, violations);
        SlabPoolCounters counters = pool.GetCounters();
        Assert.Equal(0, counters.Outstanding);
        Assert.True(counters.ItemsReleased > 0 && counters.ChunksRetired > 0, $"the release/retire paths were not reached: {counters}");
        // Every item ever made is either released or still free inside the pool (a cache or the shared list).
        long free = counters.ChunksAllocated * chunkSize - counters.ItemsReleased;
        Assert.InRange(free, 0, threads * cacheSize + counters.SharedFree);
    }
}
