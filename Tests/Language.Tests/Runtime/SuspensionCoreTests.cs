using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// The value-task-source state of suspended tasks (SuspensionCore): a continuation registered before
/// the completion runs in the completing work item; one registered after it (the task was resumed
/// before it finished suspending) is queued on the engine, never on the .NET thread pool, where the
/// task ran on outside the engine and a busy pool once delayed it into a false deadlock report.
/// </summary>
public sealed class SuspensionCoreTests
{
    [Fact]
    public void A_continuation_registered_before_the_completion_runs_on_the_completing_thread()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var core = default(SuspensionCore<int>);
            int ranOn = 0;
            core.OnCompleted(ctx, _ => ranOn = Environment.CurrentManagedThreadId, null, core.Version);
            core.SetResult(7);
            Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
            Assert.Equal(7, core.GetResult(core.Version));
        });
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    public void A_continuation_registered_after_the_completion_is_queued_on_the_engine_not_the_thread_pool(string scheduler)
    {
        RuntimeHarness.RunMain(scheduler, 2, ctx =>
        {
            var core = default(SuspensionCore<int>);
            core.SetResult(7);
            using var ran = new ManualResetEventSlim();
            string? threadName = null;
            bool poolThread = true;
            core.OnCompleted(ctx, _ =>
            {
                threadName = Thread.CurrentThread.Name;
                poolThread = Thread.CurrentThread.IsThreadPoolThread;
                ran.Set();
            }, null, core.Version);
            Assert.True(ran.Wait(TimeSpan.FromSeconds(30)), "the late continuation never ran");
            Assert.False(poolThread, $"ran on a thread-pool thread ({threadName})");
            Assert.StartsWith("wyn-", threadName, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void After_a_reset_the_previous_token_is_refused()
    {
        var core = default(SuspensionCore<int>);
        short old = core.Version;
        core.SetResult(1);
        Assert.Equal(1, core.GetResult(old));
        core.Reset();
        Assert.Throws<InvalidOperationException>(() => core.GetResult(old));
        Assert.Throws<InvalidOperationException>(() => core.GetStatus(old));
    }
}
