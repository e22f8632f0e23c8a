using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

// The Future<T> surface through a running strategy: C# await, AsTask, Preserve, promises.
public abstract partial class SchedulerContractTests
{
    private static async Task<T> AwaitWithCSharp<T>(Future<T> future) => await future;

    [Fact]
    public async Task CSharpAwait_ReturnsTheTasksValue()
    {
        WynEngine engine = StartEngine();
        int value = await AwaitWithCSharp(engine.Spawn(static () => 42)).Within(TestTimeout, "C# await", engine);
        Assert.Equal(42, value);
    }

    [Fact]
    public async Task CSharpAwait_OfManyFutures_ReturnsEachValue()
    {
        const int n = 10_000;
        WynEngine engine = StartEngine();
        var tasks = new Task<int>[n];
        for (int i = 0; i < n; i++)
            tasks[i] = AwaitWithCSharp(engine.Spawn(static x => x * 2, i));
        int[] values = await Task.WhenAll(tasks).Within(TestTimeout, "C# await of many futures", engine);
        for (int i = 0; i < n; i++)
            Assert.Equal(i * 2, values[i]);
    }

    [Fact]
    public virtual async Task CSharpAwait_RegisteredBeforeTheTaskFinishes_Resumes()
    {
        WynEngine engine = StartEngine();
        var gate = new Gate();
        Future<bool> future = engine.Spawn(static g => g.Hold(), gate);
        Assert.True(gate.Started.Wait(TimeSpan.FromSeconds(20)), "the gated task never started");
        Task<bool> awaiting = AwaitWithCSharp(future);   // the continuation is stored in the cell
        Assert.False(awaiting.IsCompleted);
        gate.Open.Set();
        Assert.True(await awaiting.Within(TestTimeout, "C# await registered before completion", engine));
    }

    [Fact]
    public async Task CSharpAwait_OfAPromiseCompletedLater_Resumes()
    {
        WynEngine engine = StartEngine();
        Promise<string> promise = engine.CreatePromise<string>();
        Task<string> awaiting = AwaitWithCSharp(promise.Future);
        Assert.False(awaiting.IsCompleted);
        promise.SetResult("done");
        Assert.Equal("done", await awaiting.Within(TestTimeout, "C# await of a promise", engine));
        Assert.Throws<InvalidOperationException>(() => promise.SetResult("again"));
    }

    [Fact]
    public async Task AsTask_CompletesWithTheValue()
    {
        WynEngine engine = StartEngine();
        Task<long> task = engine.Spawn(static () => 1L << 40).AsTask();
        Assert.Equal(1L << 40, await task.Within(TestTimeout, "AsTask", engine));
    }

    [Fact]
    public void Preserve_MayBeAwaitedManyTimes_AndConsumesTheOriginal()
    {
        WynEngine engine = StartEngine();
        Future<string> original = engine.Spawn(static () => "kept");
        Future<string> copyOfOriginal = original;
        Future<string> preserved = original.Preserve();
        Bounded.Run(() =>
        {
            for (int i = 0; i < 5; i++)
                Assert.Equal("kept", preserved.Await());
            Assert.True(preserved.IsCompleted);
            Assert.Equal("kept", AwaitWithCSharp(preserved).GetAwaiter().GetResult());
            Assert.Equal("kept", preserved.AsTask().GetAwaiter().GetResult());
            Assert.Equal("kept", preserved.Preserve().Await());
        }, TestTimeout, "awaits of a preserved future", engine);
        // Preserve consumed the pooled handle: awaiting it now must not read the cell's next life.
        Bounded.Wait(() => engine.GetPoolCounters().Outstanding == 0, TimeSpan.FromSeconds(10), "the preserved future's pooled cell to be returned", engine);
        Assert.Throws<InvalidOperationException>(() => copyOfOriginal.Await());
    }

    [Fact]
    public void Preserve_OfAFailure_RethrowsEveryTime()
    {
        WynEngine engine = StartEngine();
        Future<int> preserved = engine.Spawn(static x => ThrowFromTaskBody(x), 9).Preserve();
        Bounded.Run(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                var error = Assert.Throws<ContractTestException>(() => preserved.Await());
                Assert.Contains(nameof(ThrowFromTaskBody), error.StackTrace, StringComparison.Ordinal);
            }
        }, TestTimeout, "awaits of a preserved failure", engine);
    }

    [Fact]
    public void IsCompleted_TurnsTrueWhenTheWorkFinished()
    {
        WynEngine engine = StartEngine();
        Future<int> future = engine.Spawn(static () => 5);
        Bounded.Wait(() => future.IsCompleted, TimeSpan.FromSeconds(20), "IsCompleted", engine);
        Assert.Equal(5, future.Await());
    }
}
