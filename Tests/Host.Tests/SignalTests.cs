using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wyn.Host.Tests;

/// <summary>
/// A program that never finishes is stopped by SIGTERM (143) and SIGINT (130): normally well within a
/// second; never later than the host's exit backstop (<c>SignalHostLifetime.ExitBackstop</c>, 2 s),
/// plus slack for a loaded machine.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    private readonly TempFiles _files = new();

    [Theory]
    [InlineData(SIGTERM, 143)]
    [InlineData(SIGINT, 130)]
    public void A_signal_stops_a_program_that_never_finishes_within_a_second(int signal, int exitCode)
    {
        string program = _files.Write("forever.wyn", Programs.RunsForever);
        using Process process = Process.Start(WithDefaultStopSignals(WynHost.StartInfo([program])))!;
        try
        {
            process.StandardInput.Close();
            Task<string> stderr = process.StandardError.ReadToEndAsync();

            // Wait (bounded) until the program is really running: its first line reaches the pipe.
            Task<string?> firstLine = process.StandardOutput.ReadLineAsync();
            Assert.True(firstLine.Wait(TimeSpan.FromSeconds(30)), "the program did not start within 30 s");
            Assert.Equal("started", firstLine.Result);

            var clock = Stopwatch.StartNew();
            Assert.Equal(0, Kill(process.Id, signal));
            bool exited = process.WaitForExit(TimeSpan.FromSeconds(10));
            TimeSpan elapsed = clock.Elapsed;

            Assert.True(exited, "wyn-host did not exit within 10 s of the signal; " + SignalState(process.Id));
            Assert.True(elapsed < TimeSpan.FromSeconds(3), $"wyn-host took {elapsed.TotalMilliseconds:F0} ms to stop");
            Assert.Equal(exitCode, process.ExitCode);
            Assert.True(stderr.Wait(TimeSpan.FromSeconds(5)));
            Assert.DoesNotContain("   at ", stderr.Result, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// Starts wyn-host with SIGINT and SIGQUIT at their default disposition. A process started with
    /// them ignored keeps ignoring them (POSIX: a shell without job control starts background
    /// commands that way, e.g. `.ci/run &amp;` or `(dotnet test …) &amp;`; .NET honours it), and the test host
    /// passes that on to wyn-host; SIGINT then never reaches it. That, not wyn-host, made this test fail
    /// now and then in session 7 (the message showed SigIgn 0x1006: SIGINT, SIGQUIT and SIGPIPE). GNU
    /// env's --default-signal resets them before wyn-host starts.
    /// </summary>
    private static ProcessStartInfo WithDefaultStopSignals(ProcessStartInfo info)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/env"))
            return info;
        info.ArgumentList.Insert(0, info.FileName);
        info.ArgumentList.Insert(0, "--default-signal=INT,QUIT");
        info.FileName = "/usr/bin/env";
        return info;
    }

    /// <summary>What a process that ignored a signal looks like from /proc: its signal masks, and each thread's name and blocked set.</summary>
    private static string SignalState(int pid)
    {
        try
        {
            IEnumerable<string> process = File.ReadAllLines($"/proc/{pid}/status").Where(line => line.StartsWith("Sig", StringComparison.Ordinal) || line.StartsWith("Shd", StringComparison.Ordinal));
            IEnumerable<string> threads = Directory.GetDirectories($"/proc/{pid}/task").Select(task =>
                File.ReadAllText(Path.Combine(task, "comm")).Trim() + " " + File.ReadAllLines(Path.Combine(task, "status")).First(line => line.StartsWith("SigBlk", StringComparison.Ordinal)));
            return string.Join("; ", process) + "; threads: " + string.Join(", ", threads);
        }
        catch (IOException error)
        {
            return $"(no /proc state: {error.Message})";
        }
    }

    // DllImport rather than LibraryImport: the latter's generated code needs unsafe blocks, which this repository keeps off.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    public void Dispose() => _files.Dispose();
}
