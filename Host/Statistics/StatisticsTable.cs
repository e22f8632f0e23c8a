using Spectre.Console;
using Spectre.Console.Rendering;
using Wyn.Engine;

namespace Wyn.Host.Statistics;

/// <summary>
/// The <c>--stats</c> table: what the engine did during the run, grouped so a person can read it at a
/// glance. Written to stderr; stdout belongs to the program.
/// </summary>
internal static class StatisticsTable
{
    public static void Write(TextWriter stderr, EngineStatistics stats, TimeSpan compileTime, TimeSpan runTime)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });

        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn(new TableColumn(new Text($"{stats.Scheduler}, {stats.Workers} workers")))
            .AddColumn(new TableColumn("count").RightAligned());

        Section(table, "tasks");
        Row(table, "spawned", stats.TasksSpawned);
        Row(table, "completed", stats.TasksCompleted);
        Row(table, "  of which faulted", stats.TasksFaulted);
        Row(table, "  of which cancelled", stats.TasksCancelled);
        Section(table, "scheduler");
        Row(table, "batches", stats.Batches);
        Row(table, "steals", stats.Steals);
        Row(table, "parks", stats.Parks);
        Row(table, "peak queue depth", stats.PeakQueueDepth);
        Row(table, "spawner waits", stats.SpawnerWaits);
        Row(table, "compensation threads", stats.CompensationThreads);
        Section(table, "pools");
        Row(table, "chunks allocated", stats.PoolChunksAllocated);
        Row(table, "chunks retired", stats.PoolChunksRetired);
        Row(table, "slots outstanding", stats.PoolSlotsOutstanding);
        Section(table, "time");
        Row(table, "compile (ms)", compileTime.TotalMilliseconds);
        Row(table, "run (ms)", runTime.TotalMilliseconds);

        console.Write(table);
    }

    private static void Section(Table table, string name) =>
        table.AddRow(new IRenderable[] { new Text(name, new Style(decoration: Decoration.Bold)), Text.Empty });

    private static void Row(Table table, string name, long value) =>
        table.AddRow(new IRenderable[] { new Text("  " + name), new Text(value.ToString("N0")) });

    private static void Row(Table table, string name, double value) =>
        table.AddRow(new IRenderable[] { new Text("  " + name), new Text(value.ToString("N1")) });
}
