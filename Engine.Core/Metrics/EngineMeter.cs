using System.Diagnostics.Metrics;

namespace Wyn.Engine;

/// <summary>
/// Instruments on the meter <c>Wyn.Engine</c>. All are observable (pulled when a listener collects),
/// so they cost nothing on the spawn path and nothing at all when nobody listens. Each measurement is
/// tagged with the engine id and scheduler name.
/// </summary>
internal static class EngineMeter
{
    public const string MeterName = "Wyn.Engine";

    private static readonly Meter s_meter = new(MeterName, "1.0");
    private static readonly object s_lock = new();
    private static readonly List<WynEngine> s_engines = [];

    static EngineMeter()
    {
        s_meter.CreateObservableCounter("wyn.engine.tasks.spawned", () => Measure(s => s.TasksSpawned), "{task}", "Tasks spawned");
        s_meter.CreateObservableCounter("wyn.engine.tasks.completed", () => Measure(s => s.TasksCompleted), "{task}", "Tasks finished (any outcome)");
        s_meter.CreateObservableCounter("wyn.engine.tasks.faulted", () => Measure(s => s.TasksFaulted), "{task}", "Tasks that threw");
        s_meter.CreateObservableCounter("wyn.engine.tasks.cancelled", () => Measure(s => s.TasksCancelled), "{task}", "Tasks cancelled before they started (spawned after a stop, or left queued by one)");
        s_meter.CreateObservableGauge("wyn.engine.queue.depth", () => Measure(s => s.QueueDepth), "{task}", "Work queued now");
        s_meter.CreateObservableCounter("wyn.engine.steals", () => Measure(s => s.Steals), "{steal}", "Work taken from another thread's queue");
        s_meter.CreateObservableCounter("wyn.engine.parks", () => Measure(s => s.Parks), "{park}", "Times a worker went to sleep");
    }

    public static void Track(WynEngine engine)
    {
        lock (s_lock)
            s_engines.Add(engine);
    }

    public static void Untrack(WynEngine engine)
    {
        lock (s_lock)
            s_engines.Remove(engine);
    }

    private static IEnumerable<Measurement<long>> Measure(Func<EngineStatistics, long> select)
    {
        WynEngine[] engines;
        lock (s_lock)
            engines = [.. s_engines];
        foreach (WynEngine engine in engines)
        {
            EngineStatistics stats = engine.GetStatistics();
            yield return new Measurement<long>(select(stats),
                new KeyValuePair<string, object?>("wyn.engine.id", engine.Id),
                new KeyValuePair<string, object?>("wyn.scheduler", stats.Scheduler));
        }
    }
}
