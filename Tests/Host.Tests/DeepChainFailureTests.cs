namespace Wyn.Host.Tests;

/// <summary>
/// Failures deep in chains of spawns that await each other, run through the CLI: the program must
/// end with its report and the process must exit (every run is bounded by <see cref="WynHost.DefaultTimeout"/>;
/// one that does not end in time is killed and fails). In-process, <c>threadpool</c> shares the .NET
/// pool with the test host, so the conformance programs skip it and these runs cover it.
/// </summary>
[Collection(HeavyRunsCollection.Name)]
public sealed class DeepChainFailureTests
{
    [Theory]
    [InlineData("threadpool", 1)]
    [InlineData("threadpool", 2)]
    [InlineData("channels", 1)]
    [InlineData("work-stealing", 1)]
    [InlineData("batched", 1)]
    public void Unbounded_spawn_recursion_ends_with_a_stack_overflow_panic(string scheduler, int workers)
    {
        // Conformance program 240. It used to end in the compensation-limit deadlock report on the
        // threaded strategies, and on threadpool with one worker the process then sometimes kept
        // running at full CPU (the report's exception unwound through thousands of levels).
        HostResult result = WynHost.Run(
            [$"--scheduler={scheduler}", $"--Wyn:Engine:Workers={workers}", "Tests/Language.Tests/Programs/240-unbounded-spawn-recursion-is-a-stack-overflow.wyn"],
            null, WynHost.RepositoryRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("spawning\n", result.Stdout);
        Assert.Contains("panic at Tests/Language.Tests/Programs/240-unbounded-spawn-recursion-is-a-stack-overflow.wyn:6: stack overflow", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("threadpool")]
    [InlineData("channels")]
    [InlineData("work-stealing")]
    [InlineData("batched")]
    public void A_panic_under_a_chain_main_runs_twenty_thousand_deep_ends_the_process(string scheduler)
    {
        // Conformance program 242: with its one worker busy, main runs the chain on its own stack.
        HostResult result = WynHost.Run(
            [$"--scheduler={scheduler}", "--Wyn:Engine:Workers=1", "Tests/Language.Tests/Programs/242-a-panic-at-the-bottom-of-a-deep-chain.wyn"],
            null, WynHost.RepositoryRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("chaining\n", result.Stdout);
        Assert.Contains("panic at Tests/Language.Tests/Programs/242-a-panic-at-the-bottom-of-a-deep-chain.wyn:13: the bottom of the chain", result.Stderr, StringComparison.Ordinal);
    }
}
