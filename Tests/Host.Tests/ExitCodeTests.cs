using System.Diagnostics;

namespace Wyn.Host.Tests;

public sealed class ExitCodeTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public void Main_return_value_is_the_exit_code_and_stdout_is_the_programs_own()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = WynHost.Run(program);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("hello\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Main_without_a_value_exits_zero_and_the_run_command_is_the_default()
    {
        string program = _files.Write("nothing.wyn", Programs.ReturnsNothing);

        HostResult implicitRun = WynHost.Run(program);
        HostResult explicitRun = WynHost.Run("run", program);

        Assert.True(implicitRun.ExitCode == 0, implicitRun.ToString());
        Assert.Equal("done\n", implicitRun.Stdout);
        Assert.Equal(implicitRun.ExitCode, explicitRun.ExitCode);
        Assert.Equal(implicitRun.Stdout, explicitRun.Stdout);
    }

    [Fact]
    public void Options_may_follow_the_file_and_program_arguments_follow_a_double_dash()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = WynHost.Run(program, "--scheduler=inline", "--", "--not-for-the-host", "x");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("hello\n", result.Stdout);
    }

    [Fact]
    public void A_file_named_like_an_option_or_a_command_runs_after_a_double_dash()
    {
        string program = _files.Write("--stats.wyn", Programs.ReturnsThree);
        string check = _files.Write("check", Programs.ReturnsNothing);

        HostResult dashed = WynHost.Run(["--", "--stats.wyn", "arg"], null, workingDirectory: _files.Root);
        HostResult named = WynHost.Run(["--", "check"], null, workingDirectory: _files.Root);
        HostResult checkedFile = WynHost.Run(["check", "--", "--stats.wyn"], null, workingDirectory: _files.Root);

        Assert.True(dashed.ExitCode == 3 && dashed.Stdout == "hello\n" && dashed.Stderr == "", dashed.ToString());
        Assert.True(named.ExitCode == 0 && named.Stdout == "done\n", named.ToString());
        Assert.True(checkedFile.ExitCode == 0 && checkedFile.Stdout == "", checkedFile.ToString());
        Assert.True(File.Exists(program) && File.Exists(check));
    }

    [Fact]
    public void A_dash_reads_the_program_from_stdin_and_names_it_stdin_in_panics()
    {
        using Process process = Process.Start(WynHost.StartInfo(["-"]))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(Programs.Panics);
        process.StandardInput.Close();

        bool exited = process.WaitForExit(TimeSpan.FromSeconds(60));
        if (!exited)
            process.Kill(entireProcessTree: true);
        Assert.True(exited, "wyn-host - did not end");
        Assert.True(Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10)));
        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        Assert.Equal("before\n", stdout.Result);
        Assert.Equal("panic at <stdin>:3: boom\n", stderr.Result);
    }

    [Fact]
    public void Check_compiles_without_running()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = WynHost.Run("check", program);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Stats_prints_a_table_of_engine_counters_on_stderr_only()
    {
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = WynHost.Run("--stats", "--workers=1", program);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("hello\n", result.Stdout);
        foreach (string row in new[] { "spawned", "completed", "batches", "steals", "parks", "peak queue depth", "spawner waits", "chunks allocated", "1 workers" })
            Assert.Contains(row, result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
