namespace Wyn.Engine.Tests.Contract;

public sealed class BatchedContractTests : SchedulerContractTests
{
    protected override string SchedulerName => "batched";
}
