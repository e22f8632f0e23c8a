using System.Reflection;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Runs the spawn → complete → await path of Wyn's scalar result types once, on a throwaway engine of
/// the program's own strategy, on the thread that is about to run main, before main starts (see
/// docs/decisions/0005-program-start.md).
/// </summary>
/// <remarks>
/// The ReadyToRun build precompiles the runtime, but a few pieces only come to life on first use:
/// generic instantiations over the engine's types that live in the framework (array growth of
/// futures, the future tables' slot arrays and side tables), type loading, the first chunk of each
/// future table, the strategy's own paths (spawn batches, workers taking and running them, waking a
/// parked worker), and the main thread's own caches (its future-slot ids, its open spawn batches).
/// Without this, a program's first spawns and awaits paid for them inside the program's own timing:
/// about 2 ms at first, a third of W1 at 10K tasks; then, with the warm-up on an <c>inline</c> engine
/// on another thread, still about 1 ms. The work is part of bringing the runtime up (it shows in the
/// whole-process time). It runs on its own engine, with its own context, so that the program's engine
/// statistics (<c>--stats</c>) and task counts are the program's alone.
/// </remarks>
internal static class RuntimeWarmUp
{
    private const int Rounds = 20;

    private static readonly Lock s_gate = new();
    private static readonly HashSet<(Type, Type)> s_warmShapes = [];   // under s_gate
    private static bool s_runtimeWarmed;                                  // under s_gate

    private static readonly MethodInfo WarmInPlaceMethod =
        typeof(RuntimeWarmUp).GetMethod(nameof(WarmInPlace), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Warms the runtime once per process (what it loads and compiles stays), and the in-place spawn
    /// path once per shape in <paramref name="pushSpawnShapes"/> (the program's <c>futs.push(spawn f(...))</c>
    /// state and result types) not warmed before; a later call with nothing new returns at once. Call
    /// it on the thread that will run main, before main.
    /// </summary>
    public static void Run(WynEngine programEngine, IReadOnlyList<(Type State, Type Result)> pushSpawnShapes)
    {
        bool first;
        (Type, Type)[] shapes;
        lock (s_gate)
        {
            first = !s_runtimeWarmed;
            s_runtimeWarmed = true;
            shapes = [.. pushSpawnShapes.Where(s_warmShapes.Add)];
        }

        if (!first && shapes.Length == 0)
        {
            return;
        }

        using WynEngine engine = CreateLike(programEngine);
        var ctx = new WynContext(engine, TextWriter.Null);
        var run = new Emit.WynRunState(ctx);
        if (first)
        {
            Warm(ctx, engine, 1L);
            Warm(ctx, engine, 1.0);
            Warm(ctx, engine, true);
        }

        // Spawns pushed in place (from an array's 2,048th element: decision 0009), of each shape the
        // program pushes: their per-task methods are JIT-compiled on first use (decision 0011).
        foreach ((Type state, Type result) in shapes)
        {
            WarmInPlaceMethod.MakeGenericMethod(state, result).Invoke(null, [run]);
        }
    }

    /// <summary>
    /// An engine of the program's strategy and worker count. A strategy only the program's own catalog
    /// knows (an embedder's, through DI) cannot be built here: then <c>inline</c>, which still warms
    /// everything but the strategy.
    /// </summary>
    private static WynEngine CreateLike(WynEngine programEngine)
    {
        EngineOptions options = programEngine.Options.Clone();
        options.ShutdownMode = ShutdownMode.Drain;
        try
        {
            return WynEngine.Create(options);
        }
        catch (EngineOptionsException)
        {
            return WynEngine.Create(o =>
            {
                o.Scheduler = "inline";
                o.Workers = 1;
            });
        }
    }

    // With a stand-in function of the shape: the program's own functions never run here.
    private static void WarmInPlace<TState, T>(Emit.WynRunState run)
    {
        var futures = new WynFutureArray<T>(WynArray<Future<T>>.ChunkLength);   // a full head: in place from the start
        for (int i = 0; i < Rounds; i++)
        {
            run.PushSpawn(futures, static (TState _) => default(T)!, default(TState)!);
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
