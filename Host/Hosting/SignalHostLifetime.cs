using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wyn.Host.Hosting;

/// <summary>
/// The host lifetime of wyn-host, in place of the Generic Host's ConsoleLifetime: SIGINT and SIGTERM
/// stop the application through <see cref="IHostApplicationLifetime.StopApplication"/> (which stops
/// the program and then the engine, see <see cref="ProgramRunService"/>), and the signal is remembered
/// so that the process exits with 130 or 143 — ConsoleLifetime would exit 0 and print banners to stdout,
/// which belongs to the program. A second signal while stopping ends the process at once.
/// </summary>
internal sealed class SignalHostLifetime(IHostApplicationLifetime lifetime, TerminationSignal signal, ILogger<SignalHostLifetime> logger)
    : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// How long after the first stop signal the process may take to exit on its own. The normal way
    /// out takes well under a second (the host's stop has a 700 ms budget); past this the process is
    /// ended with the signal's exit code, whatever is stuck (session 7: a stop that did not end the
    /// process within 10 s was seen a few times under the test host, cause not found).
    /// </summary>
    internal static readonly TimeSpan ExitBackstop = TimeSpan.FromSeconds(2);

    private void OnSignal(PosixSignalContext context)
    {
        if (!signal.TryRecord(context.Signal))
            return; // second signal: keep the default behaviour, which terminates the process now
        context.Cancel = true;
        StartExitBackstop(signal.ExitCode);
        logger.LogInformation("{Signal} received: stopping the program and the engine", context.Signal);
        lifetime.StopApplication();
    }

    private static void StartExitBackstop(int exitCode)
    {
        var backstop = new Thread(() =>
        {
            Thread.Sleep(ExitBackstop);
            try
            {
                Console.Out.Flush();
                Console.Error.WriteLine("wyn-host: the stop after the signal took too long; exiting");
                Console.Error.Flush();
            }
            finally
            {
                // Not Environment.Exit: its exit handlers could be what is stuck.
                ProcessExit.Now(exitCode);
            }
        })
        {
            Name = "wyn-host-exit-backstop",
            IsBackground = true,
        };
        backstop.Start();
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
            registration.Dispose();
        _registrations.Clear();
    }
}
