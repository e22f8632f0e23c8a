using System.Diagnostics;

namespace Wyn.Host.Tests;

/// <summary>
/// When wyn-host's own streams fail: the reader of stdout goes away (a pipe into <c>head</c>), stdout
/// is a full device, stderr is closed. Never a hang, an abort or a stack trace.
/// </summary>
public sealed class OutputFailureTests : IDisposable
{
    private readonly TempFiles _files = new();

    /// <summary>Prints numbered lines for ever.</summary>
    private const string PrintsForever = """
        fn main() {
            var i = 0
            while true {
                println("line", i)
                i += 1
            }
        }
        """;

    [Fact]
    public void A_program_printing_for_ever_ends_quietly_with_141_when_the_reader_of_stdout_goes_away()
    {
        string program = _files.Write("forever.wyn", PrintsForever);
        using Process process = Process.Start(WynHost.StartInfo([program]))!;
        process.StandardInput.Close();
        Task<string> stderr = process.StandardError.ReadToEndAsync();

        // Read one line, then close the pipe as `head -1` does.
        Task<string?> first = process.StandardOutput.ReadLineAsync();
        Assert.True(first.Wait(TimeSpan.FromSeconds(30)), "no first line");
        Assert.Equal("line 0", first.Result);
        process.StandardOutput.Close();

        bool exited = process.WaitForExit(TimeSpan.FromSeconds(15));
        if (!exited)
            process.Kill(entireProcessTree: true);
        Assert.True(exited, "wyn-host kept running after the reader of its stdout had gone");
        Assert.True(stderr.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(process.ExitCode == 141, $"exit {process.ExitCode}\n{stderr.Result}");
        Assert.Equal("", stderr.Result);
    }

    [Fact]
    public void A_stdout_that_cannot_be_written_is_one_line_and_exit_74_not_an_internal_error()
    {
        string program = _files.Write("forever.wyn", PrintsForever);

        HostResult result = Shell("> /dev/full", program);

        Assert.True(result.ExitCode == 74, result.ToString());
        string line = Assert.Single(result.StderrLines);
        Assert.Equal("wyn-host: cannot write the program's output to stdout: No space left on device", line);
    }

    [Fact]
    public void Help_into_a_full_stdout_is_exit_74()
    {
        HostResult result = Shell("> /dev/full", "--help");

        Assert.True(result.ExitCode == 74, result.ToString());
        Assert.Equal("wyn-host: cannot write to stdout: No space left on device", Assert.Single(result.StderrLines));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    public void Help_and_version_into_a_closed_stdout_are_exit_74_not_an_internal_error(string flag)
    {
        HostResult result = Shell(">&-", flag);

        Assert.True(result.ExitCode == 74, result.ToString());
        Assert.StartsWith("wyn-host: cannot write to stdout: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_run_with_stdin_and_stdout_closed_is_exit_74_not_output_into_the_runtime()
    {
        // Descriptors 0 and 1 closed at start become the runtime's signal pipe; the output went into it (exit 0, lost).
        string program = _files.Write("three.wyn", Programs.ReturnsThree);

        HostResult result = Shell("<&- >&-", program);

        Assert.True(result.ExitCode == 74, result.ToString());
        Assert.StartsWith("wyn-host: cannot write the program's output to stdout: Bad file descriptor", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2>&-")]
    [InlineData("2> /dev/full")]
    public void A_closed_or_full_stderr_keeps_the_documented_exit_code(string redirection)
    {
        string panics = _files.Write("panic.wyn", Programs.Panics);

        Assert.Equal(64, Shell(redirection, "--frob").ExitCode);
        HostResult panic = Shell(redirection, panics);
        Assert.True(panic.ExitCode == 1, panic.ToString());
        Assert.Equal("before\n", panic.Stdout);
    }

    /// <summary>Runs wyn-host through /bin/sh with a redirection of its own streams.</summary>
    private static HostResult Shell(string redirection, params string[] args) =>
        WynHost.Run(["-c", $"exec \"$0\" \"$@\" {redirection}", WynHost.BinaryPath, .. args], null, fileName: "/bin/sh", timeout: TimeSpan.FromSeconds(30));

    public void Dispose() => _files.Dispose();
}
