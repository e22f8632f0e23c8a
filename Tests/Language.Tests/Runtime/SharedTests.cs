using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class SharedTests
{
    [Fact]
    public void Operations_and_previous_values()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            long c = WynShared.New(ctx, 5);
            Assert.Equal(5L, WynShared.Get(ctx, c, 1));
            Assert.Equal(5L, WynShared.Add(ctx, c, 3, 1));
            Assert.Equal(8L, WynShared.Sub(ctx, c, 10, 1));
            Assert.Equal(-2L, WynShared.Get(ctx, c, 1));
            WynShared.Set(ctx, c, long.MaxValue, 1);
            Assert.Equal(long.MaxValue, WynShared.Add(ctx, c, 1, 1));
            Assert.Equal(long.MinValue, WynShared.Get(ctx, c, 1));   // wraps like int arithmetic
            long other = WynShared.New(ctx, 0);
            Assert.NotEqual(c, other);
            Assert.Equal(0L, WynShared.Get(ctx, other, 1));
            Assert.Equal(7, Assert.Throws<WynPanicException>(() => WynShared.Get(ctx, 12345, 7)).Line);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Add_under_contention_loses_nothing_and_hands_out_each_previous_value_once(int workers)
    {
        const int Tasks = 8;
        const int PerTask = 20_000;
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long counter = WynShared.New(ctx, 0);
            long down = WynShared.New(ctx, Tasks * PerTask);
            var futures = new List<WynFuture<long[]>>();
            for (int t = 0; t < Tasks; t++)
            {
                futures.Add(RuntimeHarness.Spawn(ctx, () =>
                {
                    var seen = new long[PerTask];
                    for (int i = 0; i < PerTask; i++)
                    {
                        seen[i] = WynShared.Add(ctx, counter, 1, 1);
                        WynShared.Sub(ctx, down, 1, 1);
                    }

                    return seen;
                }));
            }

            var all = new List<long>();
            foreach (WynFuture<long[]> future in futures)
            {
                all.AddRange(RuntimeHarness.Await(ctx, future));
            }

            Assert.Equal(Tasks * PerTask, WynShared.Get(ctx, counter, 1));
            Assert.Equal(0L, WynShared.Get(ctx, down, 1));
            all.Sort();
            Assert.Equal(Enumerable.Range(0, Tasks * PerTask).Select(i => (long)i), all);
        });
    }

    [Fact]
    public void Many_handles_created_concurrently_are_distinct_and_usable()
    {
        RuntimeHarness.RunMain("batched", 4, ctx =>
        {
            var futures = Enumerable.Range(0, 16).Select(t => RuntimeHarness.Spawn(ctx, () =>
            {
                var ids = new long[200];
                for (int i = 0; i < ids.Length; i++)
                {
                    ids[i] = i % 2 == 0 ? WynShared.New(ctx, t) : WynChannels.New(ctx, 1, 1);
                }

                return ids;
            })).ToList();
            var ids = futures.SelectMany(f => RuntimeHarness.Await(ctx, f)).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.InRange(id, 1L, ids.Count));
        });
    }
}
