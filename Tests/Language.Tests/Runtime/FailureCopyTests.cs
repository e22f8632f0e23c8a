using Wyn.Language.Emit;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// A program's failure is passed on as a fresh copy wherever it is rethrown (WynFailures): one
/// exception object rethrown at every level of a deep chain, or by every woken waiter at once, had
/// its stack trace grow and be copied each time (minutes of unwinding for a few thousand levels).
/// </summary>
public sealed class FailureCopyTests
{
    private static T Thrown<T>(Action action)
        where T : Exception => Assert.Throws<T>(action);

    private static WynPanicException RecordedPanic(WynContext ctx)
    {
        try
        {
            WynPanics.Panic("boom", 12);
        }
        catch (WynPanicException panic)
        {
            ctx.Fail(panic);
            return panic;
        }

        throw new InvalidOperationException("panic did not throw");
    }

    [Fact]
    public void ThrowIfFailed_throws_a_new_copy_of_a_panic_each_time_and_leaves_the_recorded_one_alone()
    {
        RuntimeHarness.RunMain("inline", 1, ctx =>
        {
            WynPanicException recorded = RecordedPanic(ctx);
            string? trace = recorded.StackTrace;

            var first = Thrown<WynPanicException>(ctx.ThrowIfFailed);
            var second = Thrown<WynPanicException>(ctx.ThrowIfFailed);

            Assert.NotSame(recorded, first);
            Assert.NotSame(first, second);
            Assert.Equal(("boom", 12), (first.Message, first.Line));
            Assert.Equal(("boom", 12), (second.Message, second.Line));
            Assert.Same(recorded, first.InnerException);
            Assert.Same(recorded, second.InnerException);
            Assert.Equal(trace, recorded.StackTrace);
            Assert.Same(recorded, ctx.Failure);
        });
    }

    [Fact]
    public void A_copy_passed_on_again_still_points_at_the_first_failure()
    {
        RuntimeHarness.RunMain("inline", 1, ctx =>
        {
            WynPanicException recorded = RecordedPanic(ctx);
            var run = new WynRunState(ctx);
            var copy = Thrown<WynPanicException>(ctx.ThrowIfFailed);

            // What a spawn thunk does with the failure its awaited task passed on to it.
            var again = Thrown<WynPanicException>(() => run.PassOnToAwaiter(copy));

            Assert.NotSame(copy, again);
            Assert.Same(recorded, again.InnerException);
            Assert.Equal(12, again.Line);
        });
    }

    [Fact]
    public void An_awaiter_is_passed_the_programs_failure_whatever_its_own_task_threw()
    {
        RuntimeHarness.RunMain("inline", 1, ctx =>
        {
            WynPanicException recorded = RecordedPanic(ctx);
            var run = new WynRunState(ctx);

            // A task cancelled by the engine's stop after the panic, for instance.
            var passed = Thrown<WynPanicException>(() => run.PassOnToAwaiter(new OperationCanceledException()));

            Assert.Same(recorded, passed.InnerException);
        });
    }

    [Fact]
    public void A_deadlock_is_copied_too()
    {
        RuntimeHarness.RunMain("inline", 1, ctx =>
        {
            var deadlock = new WynDeadlockException("deadlock: main is blocked in recv and no task can run");
            ctx.Fail(deadlock);

            var copy = Thrown<WynDeadlockException>(ctx.ThrowIfFailed);

            Assert.NotSame(deadlock, copy);
            Assert.Equal(deadlock.Message, copy.Message);
            Assert.Same(deadlock, copy.InnerException);
        });
    }

    [Fact]
    public void Another_failure_is_rethrown_itself()
    {
        RuntimeHarness.RunMain("inline", 1, ctx =>
        {
            var error = new InvalidOperationException("not a Wyn failure");
            ctx.Fail(error);
            var run = new WynRunState(ctx);

            Assert.Same(error, Thrown<InvalidOperationException>(ctx.ThrowIfFailed));
            run.PassOnToAwaiter(error);   // returns: the thunk rethrows the failure itself
        });
    }

    [Fact]
    public void Waiters_woken_at_once_each_throw_their_own_copy()
    {
        RuntimeHarness.RunMain("inline", 1, ctx =>
        {
            WynPanicException recorded = RecordedPanic(ctx);
            string? trace = recorded.StackTrace;
            const int Waiters = 8;
            var thrown = new Exception?[Waiters];
            using var start = new Barrier(Waiters);
            var threads = Enumerable.Range(0, Waiters).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    ctx.ThrowIfFailed();
                }
                catch (Exception error)
                {
                    thrown[i] = error;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(30))));

            Assert.All(thrown, e => Assert.Same(recorded, Assert.IsType<WynPanicException>(e).InnerException));
            Assert.Equal(Waiters, thrown.Distinct().Count());
            Assert.Equal(trace, recorded.StackTrace);
        });
    }
}
