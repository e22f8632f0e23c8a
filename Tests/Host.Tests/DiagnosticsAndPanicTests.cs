using System.Text;
using System.Text.RegularExpressions;

namespace Wyn.Host.Tests;

public sealed class DiagnosticsAndPanicTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Theory]
    [InlineData("run")]
    [InlineData("check")]
    public void Compile_errors_exit_2_with_every_diagnostic_as_file_line_col_source_and_caret(string command)
    {
        string program = _files.Write("broken.wyn", Programs.TwoCompileErrors);

        HostResult result = WynHost.Run(command, program);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        string[] lines = result.Stderr.Split('\n');
        string escaped = Regex.Escape(program);
        int first = Array.FindIndex(lines, l => Regex.IsMatch(l, $"^{escaped}:2:5: error: .+$"));
        int second = Array.FindIndex(lines, l => Regex.IsMatch(l, $"^{escaped}:3:5: error: .+$"));
        Assert.True(first >= 0 && second > first, result.ToString());
        Assert.Equal("    let x = 1", lines[first + 1]);
        Assert.Matches(@"^    \^+$", lines[first + 2]);
        Assert.Equal("    let y = 2", lines[second + 1]);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sweep 9: unbounded recursion of a function with thousands of live locals (~20 KB frames)
    /// killed the process with .NET's own "Stack overflow." (exit 134): the prologue checked the stack
    /// every 16 levels, and 16 such frames overshot the check's margin. WYN-CORE §6 wants the panic.
    /// </summary>
    [Fact]
    public void Unbounded_recursion_of_a_function_with_huge_frames_is_the_stack_overflow_panic()
    {
        const int locals = 4_000;
        var source = new StringBuilder("fn rec(n: int) -> int {\n");
        for (int i = 0; i < locals; i++)
            source.Append($"    var a{i} = n + {i}\n");
        source.Append("    if n == 0 { return 0 }\n    return rec(n - 1) + ");
        source.AppendJoin(" + ", Enumerable.Range(0, locals).Select(i => $"a{i}"));
        source.Append("\n}\nprintln(rec(-1))\n");
        string program = _files.Write("huge-frames.wyn", source.ToString());

        HostResult result = WynHost.Run(program);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"panic at {program}:1: stack overflow", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_panic_exits_1_with_panic_at_file_and_line_on_stderr_after_earlier_output()
    {
        string program = _files.Write("panic.wyn", Programs.Panics);

        HostResult result = WynHost.Run(program);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("before\n", result.Stdout);
        Assert.Contains($"panic at {program}:3: boom", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("channels")]
    [InlineData("threadpool")]
    [InlineData("batched")]
    public void A_deadlock_that_leaves_a_worker_blocked_in_await_exits_1_promptly(string scheduler)
    {
        // The worker stays blocked (the engine's await cannot be interrupted); the host must not wait
        // the engine's 30 s shutdown timeout for it and then report an internal error.
        string program = _files.Write("await-cycle.wyn", Programs.TaskAwaitsItself);

        HostResult result = WynHost.Run($"--scheduler={scheduler}", program);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("waiting\n", result.Stdout);
        Assert.Contains("wyn: deadlock", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(15), result.ToString());
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void A_panic_ends_the_process_promptly_while_another_task_is_still_computing(string scheduler)
    {
        // The computing task cannot be interrupted; the process must not wait for it (minutes). The
        // bound is a liveness check with room for a loaded CI machine, not a timing measurement.
        string program = _files.Write("panic-during-compute.wyn", Programs.PanicWhileAnotherTaskComputes);

        HostResult result = WynHost.Run($"--scheduler={scheduler}", program);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"panic at {program}:8: bad task", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), result.ToString());
    }

    public void Dispose() => _files.Dispose();
}
