using Microsoft.Extensions.Logging;

namespace Wyn.Host.Logging;

/// <summary>
/// Writes log lines synchronously to stderr as <c>wyn-host: LEVEL: message</c>. Synchronous on
/// purpose: the console logger's background queue can lose the last lines when the process exits
/// right after a run, and costs start-up time for a host that is quiet by default.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter stderr) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(stderr);

    public void Dispose()
    {
    }

    private sealed class StderrLogger(TextWriter stderr) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            string level = logLevel switch
            {
                LogLevel.Trace => "trace",
                LogLevel.Debug => "debug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warning",
                LogLevel.Error => "error",
                _ => "critical",
            };
            string line = $"wyn-host: {level}: {formatter(state, exception)}";
            if (exception is not null)
                line += $" ({exception.GetType().Name}: {exception.Message})";
            stderr.WriteLine(line);
        }
    }
}
