using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Core;

/// <summary>
/// Spawn batches are pooled per engine; a thread keeps a few free ones in its own cache. Compensating
/// threads are many and short-lived, so a thread must not take a whole chunk of batches for itself:
/// with 1,024 spares that was 250 MB (docs/guarantees.md, "More tasks blocked at once…").
/// </summary>
public sealed class BatchPoolTests
{
    [Fact]
    public void Compensating_threads_each_keep_only_a_few_spare_batches()
    {
        using var checkedEngine = new CheckedEngine("batched", workers: 2);
        WynEngine engine = checkedEngine.Engine;
        // Spawned from this thread, so in batches; every task blocks for real, so the engine starts a
        // spare for each blocked worker, and a worker splits or sheds the batch it runs.
        var futures = new Future<int>[400];
        for (int i = 0; i < futures.Length; i++)
        {
            futures[i] = engine.Spawn(static e =>
            {
                using (e.EnterBlocking())
                    Thread.Sleep(20);
                return 1;
            }, engine);
        }
        int sum = Bounded.Run(() => futures.Sum(f => f.Await()), TimeSpan.FromSeconds(60), "400 blocking tasks", engine);
        Assert.Equal(400, sum);

        long spares = engine.GetStatistics().CompensationThreads;
        long chunks = engine.GetBatchPoolCounters().ChunksAllocated;
        Assert.True(spares >= 20, $"only {spares} compensating threads started: the test needs many threads renting batches");
        // 64 batches per chunk; a thread takes 4 at a time. Taking a whole chunk each, as before, needs one per spare.
        Assert.True(chunks * 4 <= spares + 40, $"{chunks} chunks of spawn batches for {spares} compensating threads");
        checkedEngine.StopAndAssertNoLeaks();
    }
}
