using System.Diagnostics;

namespace Wyn.Language.Tests.Compiler;

/// <summary>Panics: exit code 1, "panic at FILE:LINE: MESSAGE" on stderr, never a .NET stack trace.</summary>
public sealed class PanicTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "var z = 0\nprintln(10 / z)", "panic at test.wyn:2: division by zero" },
        { "var z = 0\nprintln(10 % z)", "panic at test.wyn:2: division by zero" },
        { "var xs = [1, 2]\nprintln(\"before\")\nprintln(xs[5])", "panic at test.wyn:3: index 5 out of range for array of length 2" },
        { "var s = \"abc\"\nprintln(s.to_int())", "panic at test.wyn:2: cannot convert \"abc\" to int" },
        { "panic(\"custom message\")", "panic at test.wyn:1: custom message" },
        { "assert_eq(1, 2)", "panic at test.wyn:1: assertion failed: 1 != 2" },
        { "fn f(n: int) -> int { return f(n + 1) + 1 }\nprintln(f(0))", "panic at test.wyn:1: stack overflow" },
        { "fn f(n: int) -> int { return f(n + 1) + 1 }\nfn main() { var x = spawn f(0)\nprintln(await x) }", "panic at test.wyn:1: stack overflow" },
        { "fn bad(n: int) -> int { return 10 / n }\nfn main() { var f = spawn bad(0)\nprintln(await f) }", "panic at test.wyn:1: division by zero" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Panic_ends_the_program_with_exit_code_1(string source, string expectedStderr)
    {
        var outcome = WynRun.Execute(source);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(expectedStderr + "\n", outcome.Stderr);
    }

    [Fact]
    public void Panic_in_a_task_ends_the_program_while_main_is_blocked_in_await()
    {
        const string source = """
            fn slow() -> int { sleep_ms(20000); return 1 }
            fn boom() -> int { panic("task failed") }
            fn main() {
                var s = spawn slow()
                var b = spawn boom()
                println(await s)
            }
            """;
        var watch = Stopwatch.StartNew();
        var outcome = WynRun.Execute(source);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("panic at test.wyn:2: task failed\n", outcome.Stderr);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Panic_in_a_fire_and_forget_task_ends_the_program()
    {
        var outcome = WynRun.Execute("fn boom() { panic(\"lost\") }\nfn main() { spawn boom() }");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("panic at test.wyn:1: lost\n", outcome.Stderr);
    }

    [Fact]
    public void Main_blocked_forever_on_a_channel_is_a_deadlock()
    {
        var outcome = WynRun.Execute("fn main() {\n    var ch = channel(1)\n    println(ch.recv())\n}");
        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("wyn: deadlock", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_return_value_is_the_exit_code()
    {
        Assert.Equal(3, WynRun.Execute("fn main() -> int { return 3 }").ExitCode);
    }
}
