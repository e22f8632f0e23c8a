namespace Wyn.Host.Tests;

/// <summary>
/// Many tasks blocked in a channel before the task that releases them is spawned, run through the
/// CLI (a process of its own, as a user runs it). Conformance program 196 is the same program; it
/// runs in-process there, where the threadpool strategy shares the .NET pool with the test host.
/// </summary>
[Collection(HeavyRunsCollection.Name)]
public sealed class BlockedTasksTests
{
    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void A_thousand_receivers_spawned_before_their_sender_all_receive(string scheduler)
    {
        HostResult result = WynHost.Run(
            [$"--scheduler={scheduler}", "Tests/Language.Tests/Programs/196-a-thousand-receivers-before-their-sender.wyn"],
            null, WynHost.RepositoryRoot, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("499500 1000\n", result.Stdout);
    }

    [Theory]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void Past_the_compensation_limit_the_program_ends_with_a_deadlock_report_naming_the_limit(string scheduler)
    {
        // With blocked threads (the blocking build: DOTNET_RuntimeAsync=0). These strategies run
        // main's spawns in order (work-stealing and batched may reach the sender early, so they may or
        // may not need the spares): a thousand receivers need a thousand spares before the sender
        // starts, and 100 are allowed. Without the report the program would hang.
        HostResult result = WynHost.Run(
            [$"--scheduler={scheduler}", "--Wyn:Engine:MaxBlockingCompensation=100", "Tests/Language.Tests/Programs/196-a-thousand-receivers-before-their-sender.wyn"],
            BlockingBuild, WynHost.RepositoryRoot, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("wyn: deadlock", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Wyn:Engine:MaxBlockingCompensation", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void With_suspending_tasks_a_thousand_waiting_receivers_need_no_spare_threads(string scheduler)
    {
        // The same program and limit as above, with the process as ./wyn-host starts it
        // (DOTNET_RuntimeAsync=1): the receivers suspend, so 100 spares are plenty (decision 0013).
        HostResult result = WynHost.Run(
            [$"--scheduler={scheduler}", "--Wyn:Engine:MaxBlockingCompensation=100", "Tests/Language.Tests/Programs/196-a-thousand-receivers-before-their-sender.wyn"],
            new Dictionary<string, string> { ["DOTNET_RuntimeAsync"] = "1" }, WynHost.RepositoryRoot, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("499500 1000\n", result.Stdout);
    }

    private static readonly Dictionary<string, string> BlockingBuild = new() { ["DOTNET_RuntimeAsync"] = "0" };

    [Fact]
    public void Past_the_compensation_limit_with_one_worker_threadpool_exits_after_the_deadlock_report()
    {
        // 1,100 receivers on a channel nobody sends to, 100 spare threads allowed, one worker. The
        // process used to keep running at full CPU after the report in some runs, ignoring SIGTERM.
        using var files = new TempFiles();
        string program = files.Write("receivers.wyn", """
            fn receive(ch: int) -> int { return ch.recv() }
            fn main() {
                var ch = channel(1)
                var futs = []
                for i in 0..1100 { futs.push(spawn receive(ch)) }
                var sum = 0
                for f in futs { sum += await f }
                println(sum)
            }
            """);
        HostResult result = WynHost.Run(
            ["--scheduler=threadpool", "--Wyn:Engine:Workers=1", "--Wyn:Engine:MaxBlockingCompensation=100", program],
            null, WynHost.RepositoryRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("wyn: deadlock", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("threadpool")]
    [InlineData("batched")]
    public void A_spawn_chain_twenty_thousand_deep_completes(string scheduler)
    {
        // Conformance program 202, through the CLI: in-process, threadpool shares the test host's pool.
        HostResult result = WynHost.Run(
            [$"--scheduler={scheduler}", "Tests/Language.Tests/Programs/202-a-spawn-chain-twenty-thousand-deep.wyn"],
            null, WynHost.RepositoryRoot, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("20000\n", result.Stdout);
    }
}
