using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class ConsoleTests
{
    [Fact]
    public void Print_joins_with_sep_and_ends_with_end()
    {
        var output = new StringWriter();
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            WynConsole.Println(ctx, "hello");
            WynConsole.Print(ctx, ["a", "1", "2.0"], " ", "\n");
            WynConsole.Print(ctx, ["x", "y"], ", ", "!\n");
            WynConsole.Print(ctx, ["no newline"], " ", string.Empty);
            WynConsole.Print(ctx, [], " ", "\n");
            WynConsole.Flush(ctx);
        }, stdout: output);
        Assert.Equal("hello\na 1 2.0\nx, y!\nno newline\n", output.ToString());
    }

    [Fact]
    public void Concurrent_lines_never_mix()
    {
        var output = new StringWriter();
        const int Tasks = 8;
        const int Lines = 500;
        RuntimeHarness.RunMain("batched", 4, ctx =>
        {
            var futures = Enumerable.Range(0, Tasks).Select(t => RuntimeHarness.Spawn(ctx, () =>
            {
                for (int i = 0; i < Lines; i++)
                {
                    WynConsole.Print(ctx, [$"task{t}", "line", i.ToString(System.Globalization.CultureInfo.InvariantCulture), new string('x', 40)], " ", "\n");
                }
            })).ToList();
            foreach (WynFuture<Unit> future in futures)
            {
                RuntimeHarness.Await(ctx, future);
            }
        }, stdout: output);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Tasks * Lines, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^task\d line \d+ x{40}$", line));
    }
}
