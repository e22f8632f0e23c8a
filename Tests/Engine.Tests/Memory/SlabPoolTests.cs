using Wyn.Engine.Memory;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Memory;

/// <summary>
/// SlabPool on one thread (and a few), with capacities of 2–4 so that every path is reached within
/// a handful of operations: cache spill and refill, chunk allocation, release past the retention
/// cap, chunk retirement and trim; plus the handle checks (stale, double, foreign return).
/// </summary>
public sealed class SlabPoolTests
{
    private static SlabPool<PooledTestItem> TinyPool(int chunk = 2, int cache = 2, int retained = 2) =>
        new(() => new PooledTestItem(), new SlabPoolOptions { ChunkSize = chunk, ThreadCacheSize = cache, RetainedLimit = retained });

    [Fact]
    public void Rent_GivesARentedItemWithAnOddGeneration_AndReturnMakesItFree()
    {
        using var pool = TinyPool();
        PooledTestItem item = pool.Rent();
        int generation = item.Generation;
        Assert.True(item.IsRented);
        Assert.Equal(1, generation & 1);
        Assert.True(pool.IsCurrent(item, generation));
        pool.Return(item, generation);
        Assert.False(item.IsRented);
        Assert.Equal(generation + 1, item.Generation);
        Assert.False(pool.IsCurrent(item, generation));
        Assert.Equal(1, item.Resets);
    }

    [Fact]
    public void AChunkMakesEachItemOnItsFirstRent_AndReusesItAfterwards()
    {
        int made = 0;
        using var pool = new SlabPool<PooledTestItem>(() =>
        {
            made++;
            return new PooledTestItem();
        }, new SlabPoolOptions { ChunkSize = 4096, ThreadCacheSize = 8 });
        PooledTestItem first = pool.Rent();
        Assert.Equal(1, made);   // not the chunk's 4,096
        PooledTestItem second = pool.Rent();
        Assert.Equal(2, made);
        Assert.NotSame(first, second);
        pool.Return(second, second.Generation);
        Assert.Same(second, pool.Rent());
        Assert.Equal(2, made);
        Assert.Equal(1, pool.GetCounters().ChunksAllocated);
    }

    [Fact]
    public void DoubleReturn_Throws()
    {
        using var pool = TinyPool();
        PooledTestItem item = pool.Rent();
        int generation = item.Generation;
        pool.Return(item, generation);
        var error = Assert.Throws<InvalidOperationException>(() => pool.Return(item, generation));
        Assert.Contains("Stale handle", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.GetCounters().Outstanding);
    }

    [Fact]
    public void StaleReturn_AfterTheItemWasRentedAgain_Throws_AndLeavesTheNewRentIntact()
    {
        using var pool = TinyPool();
        PooledTestItem item = pool.Rent();
        int oldGeneration = item.Generation;
        pool.Return(item, oldGeneration);
        PooledTestItem again = pool.Rent();
        Assert.Same(item, again);   // the thread cache is LIFO: the same object comes back
        int newGeneration = again.Generation;
        Assert.NotEqual(oldGeneration, newGeneration);

        Assert.Throws<InvalidOperationException>(() => pool.Return(item, oldGeneration));
        Assert.True(again.IsRented);
        Assert.True(pool.IsCurrent(again, newGeneration));
        pool.Return(again, newGeneration);
        Assert.Equal(0, pool.GetCounters().Outstanding);
    }

    [Fact]
    public void ReturnWithAFreeGeneration_Throws()
    {
        using var pool = TinyPool();
        PooledTestItem item = pool.Rent();
        Assert.Throws<InvalidOperationException>(() => pool.Return(item, item.Generation + 1));
        Assert.True(item.IsRented);
        pool.Return(item, item.Generation);
    }

    [Fact]
    public void ForeignItem_Throws()
    {
        using var pool = TinyPool();
        using var other = TinyPool();
        PooledTestItem theirs = other.Rent();
        var error = Assert.Throws<InvalidOperationException>(() => pool.Return(theirs, theirs.Generation));
        Assert.Contains("foreign", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => pool.Return(new PooledTestItem(), 1));
        Assert.False(pool.IsCurrent(theirs, theirs.Generation));
        other.Return(theirs, theirs.Generation);
    }

    [Fact]
    public void Renting_AllocatesWholeChunks_AndNeverHandsOutAnItemTwice()
    {
        const int chunk = 3;
        using var pool = TinyPool(chunk: chunk, cache: 4, retained: 4);
        var rented = new List<PooledTestItem>();
        for (int i = 0; i < 30; i++)
        {
            PooledTestItem item = pool.Rent();
            Assert.True(item.TryHold(1), "an item was handed out while still rented");
            rented.Add(item);
        }
        Assert.Equal(30, rented.Select(i => i.Serial).Distinct().Count());
        SlabPoolCounters counters = pool.GetCounters();
        Assert.Equal(30, counters.Outstanding);
        // The allocator rounds the configured chunk size up to a power of two (3 -> 4).
        Assert.Equal(4, pool.ChunkSize);
        Assert.Equal((30 + pool.ChunkSize - 1) / pool.ChunkSize, counters.ChunksAllocated);
        foreach (PooledTestItem item in rented)
        {
            Assert.True(item.TryLetGo(1));
            pool.Return(item, item.Generation);
        }
        Assert.Equal(0, pool.GetCounters().Outstanding);
    }

    [Fact]
    public void Returns_PastTheRetentionCap_ReleaseItems_AndRetireWholeChunks()
    {
        using var pool = TinyPool(chunk: 2, cache: 2, retained: 2);
        var rented = Enumerable.Range(0, 40).Select(_ => pool.Rent()).ToList();
        long chunksBefore = pool.GetCounters().ChunksAllocated;
        foreach (PooledTestItem item in rented)
            pool.Return(item, item.Generation);
        SlabPoolCounters counters = pool.GetCounters();
        Assert.Equal(0, counters.Outstanding);
        Assert.Equal(chunksBefore, counters.ChunksAllocated);
        Assert.True(counters.ItemsReleased > 0, $"returns past the cap released nothing: {counters}");
        Assert.True(counters.ChunksRetired > 0, $"no chunk was retired although most items were released: {counters}");
        // What is kept is the cache plus the shared list, which the cap bounds.
        long kept = counters.ChunksAllocated * 2 - counters.ItemsReleased;
        Assert.InRange(kept, 0, 2 + 2 + 2);
        Assert.InRange(counters.SharedFree, 0, 2 + 2);
    }

    [Fact]
    public void Spill_ThenRefillOnAnotherThread_ReusesItemsWithoutNewChunks()
    {
        using var pool = TinyPool(chunk: 4, cache: 4, retained: 1_000);
        var rented = Enumerable.Range(0, 40).Select(_ => pool.Rent()).ToList();
        var serials = rented.Select(i => i.Serial).ToHashSet();
        foreach (PooledTestItem item in rented)
            pool.Return(item, item.Generation);   // the cache spills halves to the shared list
        SlabPoolCounters afterSpill = pool.GetCounters();
        Assert.True(afterSpill.SharedFree >= 30, $"the shared list should hold the spilled items: {afterSpill}");

        var onOtherThread = new List<PooledTestItem>();
        Bounded.Run(() =>
        {
            for (int i = 0; i < 30; i++)
                onOtherThread.Add(pool.Rent());   // refills its own cache from the shared list
        }, TimeSpan.FromSeconds(20), "renting on another thread");
        Assert.Equal(afterSpill.ChunksAllocated, pool.GetCounters().ChunksAllocated);
        Assert.All(onOtherThread, item => Assert.Contains(item.Serial, serials));
        Assert.Equal(30, onOtherThread.Select(i => i.Serial).Distinct().Count());
        foreach (PooledTestItem item in onOtherThread)
            pool.Return(item, item.Generation);   // returned on this thread: counters are per pool, not per thread
        Assert.Equal(0, pool.GetCounters().Outstanding);
    }

    [Fact]
    public void Trim_ReleasesFreeItems_RetiresTheirChunks_AndThePoolStillWorks()
    {
        using var pool = TinyPool(chunk: 4, cache: 4, retained: 1_000);
        var rented = Enumerable.Range(0, 20).Select(_ => pool.Rent()).ToList();
        foreach (PooledTestItem item in rented)
            pool.Return(item, item.Generation);
        pool.Trim();
        SlabPoolCounters trimmed = pool.GetCounters();
        Assert.Equal(0, trimmed.SharedFree);
        Assert.Equal(trimmed.ChunksAllocated * 4, trimmed.ItemsReleased);
        Assert.Equal(0, trimmed.LiveChunks);

        // A released item is no longer the pool's: its old handle is foreign now.
        PooledTestItem released = rented[0];
        Assert.Throws<InvalidOperationException>(() => pool.Return(released, released.Generation - 1));

        PooledTestItem fresh = pool.Rent();
        Assert.DoesNotContain(rented, r => ReferenceEquals(r, fresh));
        Assert.Equal(1, pool.GetCounters().LiveChunks);
        pool.Return(fresh, fresh.Generation);
        Assert.Equal(0, pool.GetCounters().Outstanding);
    }

    [Fact]
    public void Trim_WhileItemsAreRented_KeepsThemValid()
    {
        using var pool = TinyPool(chunk: 2, cache: 2, retained: 100);
        var rented = Enumerable.Range(0, 9).Select(_ => pool.Rent()).ToList();
        foreach (PooledTestItem item in rented.Take(5))
            pool.Return(item, item.Generation);
        pool.Trim();
        foreach (PooledTestItem item in rented.Skip(5))
        {
            Assert.True(pool.IsCurrent(item, item.Generation));
            pool.Return(item, item.Generation);
        }
        SlabPoolCounters counters = pool.GetCounters();
        Assert.Equal(0, counters.Outstanding);
        Assert.True(counters.LiveChunks >= 2, $"chunks of rented items must stay alive: {counters}");
    }

    [Fact]
    public void Generation_WrapsAroundIntMaxValue_AndStillDetectsStaleHandles()
    {
        using var pool = TinyPool();
        PooledTestItem item = pool.Rent();
        pool.Return(item, item.Generation);
        // Start the free item's generation just below the wrap (even = free); the pool's tests must
        // not depend on generations staying positive.
        item.GenerationField = int.MaxValue - 1;
        PooledTestItem same = pool.Rent();
        Assert.Same(item, same);
        Assert.Equal(int.MaxValue, same.Generation);
        pool.Return(same, int.MaxValue);
        Assert.Equal(int.MinValue, item.Generation);
        Assert.False(item.IsRented);
        Assert.Throws<InvalidOperationException>(() => pool.Return(item, int.MaxValue));
        PooledTestItem third = pool.Rent();
        Assert.Same(item, third);
        Assert.Equal(int.MinValue + 1, third.Generation);
        Assert.True(third.IsRented);
        Assert.Throws<InvalidOperationException>(() => pool.Return(third, int.MaxValue));
        pool.Return(third, int.MinValue + 1);
        Assert.Equal(0, pool.GetCounters().Outstanding);
    }

    [Theory]
    [InlineData(0, 2, 0)]
    [InlineData(-1, 2, 0)]
    [InlineData(2, 1, 0)]
    [InlineData(2, 2, -1)]
    public void InvalidOptions_Throw(int chunk, int cache, int retained)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SlabPool<PooledTestItem>(() => new PooledTestItem(), new SlabPoolOptions { ChunkSize = chunk, ThreadCacheSize = cache, RetainedLimit = retained }));
    }

    [Fact]
    public void ZeroRetention_ReleasesEverySpill()
    {
        using var pool = TinyPool(chunk: 2, cache: 2, retained: 0);
        var rented = Enumerable.Range(0, 10).Select(_ => pool.Rent()).ToList();
        foreach (PooledTestItem item in rented)
            pool.Return(item, item.Generation);
        SlabPoolCounters counters = pool.GetCounters();
        Assert.Equal(0, counters.Outstanding);
        Assert.True(counters.ItemsReleased >= 8, $"{counters}");
    }
}
