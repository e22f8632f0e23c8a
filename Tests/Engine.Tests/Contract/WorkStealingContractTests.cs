namespace Wyn.Engine.Tests.Contract;

public sealed class WorkStealingContractTests : SchedulerContractTests
{
    protected override string SchedulerName => "work-stealing";
}
