namespace Wyn.Engine.Tests.Contract;

/// <summary>
/// The contract suite for <c>inline</c>. The strategy runs every spawn at the spawn site, on the
/// spawning thread, and has no workers; the tests below are skipped because their premise cannot
/// exist there, not because inline fails them.
/// </summary>
public sealed class InlineContractTests : SchedulerContractTests
{
    protected override string SchedulerName => "inline";

    protected override int ExpectedWorkers(int configured) => 0;

    [Fact(Skip = "inline: a task runs inside Spawn, so a task still running when its await is registered cannot exist")]
    public override Task CSharpAwait_RegisteredBeforeTheTaskFinishes_Resumes() => Task.CompletedTask;

    [Fact(Skip = "inline: nothing is ever queued, so there is no unstarted work to cancel")]
    public override void StopCancel_CancelsUnstartedWork_AndReturns()
    {
    }

    [Fact(Skip = "inline: a task runs inside Spawn, so a task still running when Stop begins would block the thread that calls Stop")]
    public override void StopDrain_TaskSpawningAndAwaitingAChildDuringTheDrain_Completes()
    {
    }

    [Fact(Skip = "inline: nothing is ever queued and there are no workers, so a drain cannot time out")]
    public override void StopDrain_WithTimeout_ReturnsFalse_AndWorkersStillExit()
    {
    }

    [Fact(Skip = "inline: a blocked task blocks its spawner, so the task meant to release it can never be spawned")]
    public override void EnterBlocking_WithOneWorker_AnotherTaskStillRuns()
    {
    }

    [Theory(Skip = "inline: a task runs inside Spawn, so it waits for a later sibling that can never be spawned")]
    [InlineData(1)]
    public override void ATaskAwaitingALaterSibling_Finishes(int workers) => _ = workers;

    [Theory(Skip = "inline: a task runs inside Spawn, so it blocks on a later sibling that can never be spawned")]
    [InlineData(1)]
    public override void ATaskBlockingOnALaterSibling_Finishes(int workers) => _ = workers;

    [Fact(Skip = "inline: a task runs inside Spawn, so it blocks on a later sibling that can never be spawned")]
    public override void BlockingManyMoreTimesThanTheCompensationCap_KeepsCompensating()
    {
    }

    [Fact(Skip = "inline: a task runs inside Spawn, so it spins on a later sibling that can never be spawned")]
    public override void ATaskSpinningOnALaterSibling_FinishesWithTwoWorkers()
    {
    }

    [Fact(Skip = "inline: there are no worker threads; tasks run on the spawning thread")]
    public override void Workers_AreThreadsNamedWynW0Onwards()
    {
    }
}
