namespace Wyn.Language.Tests.Compiler;

public sealed class SmokeTests
{
    [Fact]
    public void Hello()
    {
        var outcome = WynRun.Execute("println(\"hello\", 1 + 2)");
        Assert.Equal("hello 3\n", outcome.Stdout + outcome.Stderr);
        Assert.Equal(0, outcome.ExitCode);
    }
}
