using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Runs the spawn → complete → await path of Wyn's scalar result types once, on a throwaway
/// <c>inline</c> engine, before a program's main starts (see docs/decisions/0005-program-start.md).
/// </summary>
/// <remarks>
/// The ReadyToRun build precompiles the runtime, but a few pieces only come to life on first use:
/// generic instantiations over the engine's types that live in the framework (array growth of
/// futures, the future tables' slot arrays and side tables), type loading, and the first chunk of
/// each future table. Without this, a program's first spawn and await paid for them — about 2 ms,
/// a third of W1 at 10K tasks — inside the program's own timing. The work is part of bringing the
/// runtime up (it shows in the whole-process time, about a millisecond). It runs on its own
/// engine so that the program's engine statistics (<c>--stats</c>) count only the program's tasks.
/// </remarks>
internal static class RuntimeWarmUp
{
    private const int Rounds = 20;

    private static int s_done;

    /// <summary>Warms the runtime once per process (what it loads and compiles stays); later calls return at once.</summary>
    public static void Run(WynContext ctx)
    {
        if (Interlocked.Exchange(ref s_done, 1) != 0)
        {
            return;
        }

        using WynEngine engine = WynEngine.Create(o =>
        {
            o.Scheduler = "inline";
            o.Workers = 1;
        });
        Warm(ctx, engine, 1L);
        Warm(ctx, engine, 1.0);
        Warm(ctx, engine, true);

        // Spawns pushed in place (past an array's first 32,768 elements: decision 0009), in a context
        // of this engine's own so the program's task counts stay its own.
        var run = new Emit.WynRunState(new WynContext(engine, TextWriter.Null));
        WarmInPlace(run, 1L);
    }

    private static void WarmInPlace<T>(Emit.WynRunState run, T value)
    {
        var futures = new WynFutureArray<T>(WynArray<Future<T>>.ChunkLength);   // a full head: in place from the start
        for (int i = 0; i < Rounds; i++)
        {
            run.PushSpawn(futures, static (SpawnArguments<T, int> v) => v.Item1, new SpawnArguments<T, int>(value, 0));
        }

        for (int i = 0; i < Rounds; i++)
        {
            _ = WynFutureArray<T>.Await(run.Context, futures, i, 0);
        }
    }

    // With the state a one-argument spawn carries (its argument and depth: Emitter.Spawn.cs).
    private static void Warm<T>(WynContext ctx, WynEngine engine, T value)
    {
        // Enough elements for the array of futures to grow a few times.
        var futures = new WynFutureArray<T>();
        for (int i = 0; i < Rounds; i++)
        {
            futures.Push(new WynFuture<T>(engine.Spawn(static (SpawnArguments<T, int> v) => v.Item1, new SpawnArguments<T, int>(value, 0))));
        }

        for (int i = 0; i < Rounds; i++)
        {
            _ = WynFutureArray<T>.Await(ctx, futures, i, 0);
        }
    }
}
