namespace Wyn.Engine.Tests.Contract;

public sealed class ThreadPoolContractTests : SchedulerContractTests
{
    protected override string SchedulerName => "threadpool";

    [Fact(Skip = "threadpool: work runs on .NET thread-pool threads, which are the pool's to name, not the engine's")]
    public override void Workers_AreThreadsNamedWynW0Onwards()
    {
    }
}
