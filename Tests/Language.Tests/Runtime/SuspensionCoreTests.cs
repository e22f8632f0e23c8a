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
    public void A_suspension_taken_at_once_and_reused_is_never_completed_by_the_previous_completion()
    {
        // The consumer sees each completion, takes the result, resets and registers for the next
        // round at once, while the completer may still be inside its completion. With a "completed"
        // flag set before the continuation field was looked at, that completion ran the next round's
        // continuation before its result existed (a pooled channel waiter reused by its own task:
        // "read before it resumed", session 18).
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var holder = new CoreHolder();
            const int rounds = 200_000;
            int signalled = -1;
            int early = 0;
            var completer = new Thread(() =>
            {
                for (int r = 0; r < rounds; r++)
                {
                    while (Volatile.Read(ref signalled) != r - 1 || !Volatile.Read(ref holder.Armed))
                    {
                        Thread.SpinWait(1);
                    }

                    Volatile.Write(ref holder.Armed, false);
                    Volatile.Write(ref signalled, r);
                    holder.Core.SetResult(r);
                }
            });
            completer.Start();
            for (int r = 0; r < rounds; r++)
            {
                short token = holder.Core.Version;
                int round = r;
                if (r % 2 == 1)
                {
                    // Registered before the completion: it must not run before this round's result.
                    holder.Core.OnCompleted(ctx, _ =>
                    {
                        if (Volatile.Read(ref signalled) < round)
                        {
                            Interlocked.Increment(ref early);
                        }
                    }, null, token);
                }

                Volatile.Write(ref holder.Armed, true);
                while (holder.Core.GetStatus(token) == System.Threading.Tasks.Sources.ValueTaskSourceStatus.Pending)
                {
                    Thread.SpinWait(1);
                }

                Assert.Equal(r, holder.Core.GetResult(token));
                holder.Core.Reset();
            }

            completer.Join();
            Assert.Equal(0, Volatile.Read(ref early));
        });
    }

    private sealed class CoreHolder
    {
        public SuspensionCore<int> Core;
        public bool Armed;
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
