using System.Diagnostics;
using System.Reflection;

namespace Wyn.Host.Tests;

/// <summary>
/// Starts the built wyn-host as a separate process. The binary is the one built next to these tests
/// (Host/bin/CONFIGURATION/net10.0/wyn-host), or the one named by the environment variable
/// WYN_HOST_BIN (for instance the root ./wyn-host script, to test the published Release build).
/// Every wait is bounded; a run that does not end in time is killed and fails the test.
/// </summary>
internal static class WynHost
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string BinaryPath { get; } =
        Environment.GetEnvironmentVariable("WYN_HOST_BIN") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(RepositoryRoot, "Host", "bin", Metadata("HostConfiguration"), "net10.0", "wyn-host");

    /// <summary>The start of a wyn-host process, or of <paramref name="fileName"/> (e.g. /bin/sh running wyn-host with a redirection).</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? fileName = null)
    {
        var info = new ProcessStartInfo(fileName ?? BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        // Isolation: a WYN_ variable in the developer's shell must not change what a test sees.
        foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("WYN_", StringComparison.Ordinal) && k != "WYN_HOST_BIN").ToList())
            info.Environment.Remove(key);
        if (environment is not null)
        {
            foreach ((string key, string value) in environment)
                info.Environment[key] = value;
        }
        return info;
    }

    public static HostResult Run(params string[] args) => Run(args, null);

    public static HostResult Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string? workingDirectory = null, TimeSpan? timeout = null, string? fileName = null)
    {
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(StartInfo(args, environment, workingDirectory, fileName))!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        TimeSpan limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5_000);
            throw new TimeoutException($"wyn-host {string.Join(' ', args)} did not end within {limit}");
        }
        // Both pipes close when the process ends; the bound only guards against a leaked child holding them.
        if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10)))
            throw new TimeoutException("wyn-host's output pipes stayed open after it exited");
        return new HostResult(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    private static string Metadata(string key) =>
        typeof(WynHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
