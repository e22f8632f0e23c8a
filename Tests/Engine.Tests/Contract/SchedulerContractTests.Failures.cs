using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

// Promise 3: failures surface, at the await, with their original stack.
public abstract partial class SchedulerContractTests
{
    [Fact]
    public void Failure_RethrownAtAwait_WithOriginalStack()
    {
        WynEngine engine = StartEngine();
        Future<int> future = engine.Spawn(static x => ThrowFromTaskBody(x), 7);
        var error = Bounded.Run(() => Assert.Throws<ContractTestException>(() => future.Await()), TestTimeout, "await of a failing task", engine);
        Assert.Equal("task failed with 7", error.Message);
        Assert.Contains(nameof(ThrowFromTaskBody), error.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_InNestedTask_PropagatesThroughParentAwait()
    {
        WynEngine engine = StartEngine();
        Future<int> parent = engine.Spawn(static e => e.Spawn(static x => ThrowFromTaskBody(x), 3).Await() + 1, engine);
        var error = Bounded.Run(() => Assert.Throws<ContractTestException>(() => parent.Await()), TestTimeout, "await of a parent whose child failed", engine);
        Assert.Contains(nameof(ThrowFromTaskBody), error.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_RethrownAtCSharpAwait_WithOriginalStack()
    {
        WynEngine engine = StartEngine();
        async Task<int> AwaitIt(Future<int> f) => await f;
        var error = await Assert.ThrowsAsync<ContractTestException>(
            () => AwaitIt(engine.Spawn(static x => ThrowFromTaskBody(x), 11)).Within(TestTimeout, "C# await of a failing task", engine));
        Assert.Contains(nameof(ThrowFromTaskBody), error.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_SurfacesThroughAsTask()
    {
        WynEngine engine = StartEngine();
        Task<int> task = engine.Spawn(static x => ThrowFromTaskBody(x), 5).AsTask();
        var error = await Assert.ThrowsAsync<ContractTestException>(() => task.Within(TestTimeout, "AsTask of a failing task", engine));
        Assert.Contains(nameof(ThrowFromTaskBody), error.StackTrace, StringComparison.Ordinal);
        Assert.True(task.IsFaulted);
    }

    [Fact]
    public void Failure_ManyFailingTasks_EachRethrownOnceAndCounted()
    {
        const int n = 10_000;
        WynEngine engine = StartEngine();
        Bounded.Run(() =>
        {
            var futures = new Future<int>[n];
            for (int i = 0; i < n; i++)
                futures[i] = engine.Spawn(static x => x % 2 == 0 ? x : ThrowFromTaskBody(x), i);
            for (int i = 0; i < n; i++)
            {
                if (i % 2 == 0)
                    Assert.Equal(i, futures[i].Await());
                else
                    Assert.Equal($"task failed with {i}", Assert.Throws<ContractTestException>(() => futures[i].Await()).Message);
            }
        }, TestTimeout, "awaits of half-failing tasks", engine);
        Assert.Equal(n / 2, engine.GetStatistics().TasksFaulted);
    }

    [Fact]
    public void Failure_OfFireAndForget_ReachesUnhandledFailureEvent()
    {
        WynEngine engine = StartEngine();
        List<Exception> seen = CollectUnhandledFailures(engine);
        engine.Run(static () => ThrowFromTaskBody(13));
        Bounded.Wait(() => { lock (seen) return seen.Count == 1; }, TimeSpan.FromSeconds(10), "the UnhandledFailure event", engine);
        Exception error;
        lock (seen)
            error = seen[0];
        Assert.IsType<ContractTestException>(error);
        Assert.Contains(nameof(ThrowFromTaskBody), error.StackTrace, StringComparison.Ordinal);
        Assert.Equal(1, engine.GetStatistics().TasksFaulted);
        Assert.False(engine.IsStopped);
    }

    [Fact]
    public void FireAndForgetFunctions_RunOnceEach_AndTheirFailuresGoToThePolicy()
    {
        // Run(Func<TState, TResult>, state): the value is dropped; from this (outside) thread the tasks
        // travel in spawn batches as entries with no future slot (decision 0008) on the strategies that group.
        WynEngine engine = StartEngine();
        List<Exception> seen = CollectUnhandledFailures(engine);
        var counter = new Counter();
        const int runs = 1_000;
        for (int i = 0; i < runs; i++)
            engine.Run(static c => Interlocked.Increment(ref c.Value), counter);
        engine.Run(static x => ThrowFromTaskBody(x), 21);
        Bounded.Wait(() => { lock (seen) return seen.Count == 1; }, TimeSpan.FromSeconds(10), "the UnhandledFailure event", engine);
        Assert.True(engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(30)));
        Assert.Equal(runs, counter.Value);
        Assert.Equal(1, engine.GetStatistics().TasksFaulted);
        Assert.Equal(runs + 1, engine.GetStatistics().TasksCompleted);
        lock (seen)
            Assert.Contains(nameof(ThrowFromTaskBody), seen[0].StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_OfFireAndForget_WithStopEnginePolicy_StopsTheEngine()
    {
        WynEngine engine = StartEngine(configure: o => o.UnhandledFailurePolicy = UnhandledFailurePolicy.StopEngine);
        engine.Run(static () => ThrowFromTaskBody(17));
        Bounded.Wait(() => engine.IsStopped, TimeSpan.FromSeconds(10), "the engine to stop after an unobserved failure", engine);
        Future<int> late = engine.Spawn(static () => 1);
        Bounded.Run(() => Assert.Throws<OperationCanceledException>(() => late.Await()), TestTimeout, "await of a spawn after the policy stopped the engine", engine);
    }

    /// <summary>The failures the engine reports to its UnhandledFailure event, as they arrive (lock the list to read it).</summary>
    private static List<Exception> CollectUnhandledFailures(WynEngine engine)
    {
        var seen = new List<Exception>();
        engine.UnhandledFailure += e =>
        {
            lock (seen)
                seen.Add(e);
        };
        return seen;
    }
}
