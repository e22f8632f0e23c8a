using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wyn.Engine;

namespace Wyn.Examples.Embedding;

/// <summary>
/// A background service that fans work out on the engine and awaits it from C# with <c>await</c>,
/// then stops the application.
/// </summary>
internal sealed partial class SumOfSquaresWorker(WynEngine engine, IHostApplicationLifetime lifetime, ILogger<SumOfSquaresWorker> logger)
    : BackgroundService
{
    // A static lambda with the argument passed as state: the spawn allocates nothing.
    private static readonly Func<long, long> s_square = static i => i * i;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        const int count = 100_000;
        var futures = new Future<long>[count];
        for (int i = 0; i < count; i++)
            futures[i] = engine.Spawn(s_square, i);

        long sum = 0;
        foreach (Future<long> future in futures)
            sum += await future;   // C# await: the continuation resumes on the .NET thread pool

        // Fire-and-forget work is drained when the host stops the engine (ShutdownMode Drain).
        engine.Run(static () => { });

        LogResult(logger, count, sum, engine.SchedulerName);
        Console.WriteLine(sum);
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Summed the squares of {Count} numbers on the {Scheduler} scheduler: {Sum}")]
    private static partial void LogResult(ILogger logger, int count, long sum, string scheduler);
}
