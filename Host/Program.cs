using Wyn.Host;
using Wyn.Host.Running;

// A closed or full stderr must not turn a one-line message into a runtime abort (exit 134).
Console.SetError(QuietStream.StandardErrorWriter());

// Whatever escapes as an unhandled exception is a bug in wyn-host or below it, not the user's
// mistake: say so in one line (the whole exception with --verbose) instead of a runtime stack dump.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    bool verbose = args.Contains("--verbose") || args.Contains("-v");
    string detail = e.ExceptionObject is Exception error
        ? verbose ? error.ToString() : $"{error.GetType().Name}: {error.Message}"
        : $"{e.ExceptionObject}";
    Console.Error.WriteLine($"wyn-host: internal error: {detail}");
    Environment.Exit(ExitCodes.InternalError);
};

return await HostApplication.RunAsync(args);
