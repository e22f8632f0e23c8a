namespace Wyn.Language.Runtime;

/// <summary>
/// Names the generic instantiations a compiled Wyn program uses on its hottest paths — arrays of
/// futures of Wyn's scalar types — so that the ReadyToRun build of <c>wyn-host</c> precompiles them.
/// A program's own emitted code can only use instantiations that exist at run time; those over
/// <c>long</c>, <c>double</c> and <c>bool</c> are known now, and without this they would start in
/// unoptimised tier-0 code (W1 through wyn-host spent a third of its time there at 1M). Never called.
/// </summary>
internal static class PrecompiledInstantiations
{
    internal static void Reference(WynContext ctx)
    {
        Use<long>(ctx);
        Use<double>(ctx);
        Use<bool>(ctx);
        Channels<long>(ctx);
        Channels<double>(ctx);
        Channels<bool>(ctx);
        Channels<string>(ctx);

        // Spawns with a future carry the spawned task's starting depth (an int) after the arguments
        // (Emitter.Spawn.cs): a one-argument function's state is SpawnArguments<T, int>, an
        // argument-less one's the int alone. Pushed in place (WynFutureArray.InPlace.cs) and plain.
        var run = new Wyn.Language.Emit.WynRunState(ctx);
        PushSpawn<SpawnArguments<long, int>, long>(run);
        PushSpawn<SpawnArguments<long, int>, double>(run);
        PushSpawn<SpawnArguments<long, int>, bool>(run);
        PushSpawn<SpawnArguments<double, int>, double>(run);
        PushSpawn<SpawnArguments<double, int>, long>(run);
        PushSpawn<int, long>(run);
        PushSpawn<int, double>(run);
        PushSpawn<int, bool>(run);
        // Two and three arguments, as a W1 or W3 written as `spawn work(i, k)` has: without these,
        // W1 at 1M written that way ran 1.6× as long (251 against 157 ms with tiered compilation
        // off), all of the push path in tier-0 code for the whole run.
        PushSpawn<SpawnArguments<long, long, int>, long>(run);
        PushSpawn<SpawnArguments<long, long, int>, double>(run);
        PushSpawn<SpawnArguments<long, long, int>, bool>(run);
        PushSpawn<SpawnArguments<long, long, long, int>, long>(run);
        PushSpawn<SpawnArguments<long, long, long, int>, double>(run);
        PushSpawn<SpawnArguments<double, double, int>, double>(run);
        PushSpawn<SpawnArguments<long, double, int>, double>(run);
        _ = run.Spawn(static (SpawnArguments<long, int> _) => default(Wyn.Engine.Unit), default);
        MultiArgumentSpawns(run);
    }

    /// <summary>
    /// Spawns of functions of two and three int parameters (channels are ints too): fire-and-forget
    /// (the arguments alone) and with a future (the arguments and the depth).
    /// </summary>
    private static void MultiArgumentSpawns(Wyn.Language.Emit.WynRunState run)
    {
        run.Run(static (SpawnArguments<long, long> _) => { }, default);
        run.Run(static (SpawnArguments<long, long, long> _) => { }, default);
        _ = run.Spawn(static (SpawnArguments<long, long, int> _) => 0L, default);
        _ = run.Spawn(static (SpawnArguments<long, long, long, int> _) => 0L, default);
        _ = run.Spawn(static (SpawnArguments<long, long, int> _) => default(Wyn.Engine.Unit), default);
    }

    /// <summary>
    /// Channel operations of each element type, blocking and suspending: a program's channel tasks
    /// otherwise ran their first thousands of operations in tier-0 code (a fan-in's producers spent
    /// their time in a tier-0 TrySend).
    /// </summary>
    private static void Channels<T>(WynContext ctx)
    {
        WynChannels.Send<T>(ctx, 0, default!, 0);
        _ = WynChannels.Recv<T>(ctx, 0, 0);
        Named(WynChannels.SendSuspending<T>(ctx, 0, default!, 0));
        Named(WynChannels.RecvSuspending<T>(ctx, 0, 0));
    }

    private static void Named(ValueTask _)
    {
    }

    private static void Named<T>(ValueTask<T> _)
    {
    }

    private static void PushSpawn<TState, T>(Wyn.Language.Emit.WynRunState run) =>
        run.PushSpawn(new WynFutureArray<T>(), static _ => default!, default(TState)!);

    private static void Use<T>(WynContext ctx)
    {
        var futures = new WynFutureArray<T>();
        futures.Push(default);
        futures.Set(0, futures.Get(0, 0), 0);
        _ = WynFutureArray<T>.Await(ctx, futures, 0, 0);
        var values = new WynArray<T>();
        values.Push(default!);
        values.Set(0, values.Get(0, 0), 0);
    }
}
