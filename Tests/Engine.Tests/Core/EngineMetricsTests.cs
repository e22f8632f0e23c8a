using System.Diagnostics.Metrics;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Core;

/// <summary>The meter <c>Wyn.Engine</c> (issue 2): its instruments, and counts that match what ran.</summary>
public sealed class EngineMetricsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void TheMeterCountsThisEnginesSpawnedCompletedFaultedAndCancelledTasks()
    {
        var engine = WynEngine.Create(o => { o.Scheduler = "batched"; o.Workers = 2; });
        Bounded.Run(() =>
        {
            for (int i = 0; i < 90; i++)
                Assert.Equal(i, engine.Spawn(static x => x, i).Await());
            for (int i = 0; i < 10; i++)
                Assert.Throws<InvalidDataException>(() => engine.Spawn<int, int>(static _ => throw new InvalidDataException("boom"), i).Await());
        }, Timeout, "100 spawns", engine);
        engine.Stop(ShutdownMode.Drain, Timeout);
        Future<int> late = engine.Spawn(static () => 1);   // after the stop: cancelled
        Assert.Throws<OperationCanceledException>(() => late.Await());

        Dictionary<string, long> measured = Collect(engine.Id);
        engine.Dispose();

        Assert.Equal(101, measured["wyn.engine.tasks.spawned"]);
        Assert.Equal(101, measured["wyn.engine.tasks.completed"]);
        Assert.Equal(10, measured["wyn.engine.tasks.faulted"]);
        Assert.Equal(1, measured["wyn.engine.tasks.cancelled"]);
        Assert.Equal(0, measured["wyn.engine.queue.depth"]);
        Assert.Contains("wyn.engine.steals", measured.Keys);
        Assert.Contains("wyn.engine.parks", measured.Keys);
    }

    /// <summary>One collection of every observable instrument on the meter, for engine <paramref name="engineId"/>.</summary>
    private static Dictionary<string, long> Collect(int engineId)
    {
        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Wyn.Engine")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "wyn.engine.id" && Equals(tag.Value, engineId))
                    measured[instrument.Name] = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return measured;
    }
}
