namespace Wyn.Engine.Tests.Contract;

public sealed class WorkStealingContractTests : SchedulerContractTests
{
    protected override string SchedulerName => "work-stealing";

    [Fact(Skip = "work-stealing: open defect, docs/guarantees.md — a link queued in a blocked worker's deque is not found by the awaiter (only the injection queue is searched), so a long chain still runs out of spare threads")]
    public override void AChainOfTasksEachAwaitingThePreviousOne_FinishesWithACappedCompensation()
    {
    }
}
