namespace Wyn.Engine.Tests.Contract;

public sealed class ChannelsContractTests : SchedulerContractTests
{
    protected override string SchedulerName => "channels";
}
