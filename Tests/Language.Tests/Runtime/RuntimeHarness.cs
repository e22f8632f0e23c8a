using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// Runs a test body as a Wyn program's main thread would: on a dedicated thread that owns a fresh
/// <see cref="WynContext"/> over a fresh engine, with a hard time bound so a hanging runtime fails the
/// test instead of hanging the test run.
/// </summary>
internal static class RuntimeHarness
{
    /// <summary>A safety net against hangs, not a performance assertion: generous for a heavily loaded machine.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(120);

    public static void RunMain(string scheduler, int workers, Action<WynContext> body, TimeSpan? bound = null, TextWriter? stdout = null)
    {
        using WynEngine engine = WynEngine.Create(o =>
        {
            o.Scheduler = scheduler;
            o.Workers = workers;
            o.ShutdownTimeout = TimeSpan.FromSeconds(2);
        });
        RunMain(engine, body, bound, stdout);
    }

    public static void RunMain(WynEngine engine, Action<WynContext> body, TimeSpan? bound = null, TextWriter? stdout = null)
    {
        Exception? failure = null;
        var main = new Thread(() =>
        {
            try
            {
                body(new WynContext(engine, stdout ?? TextWriter.Null));
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "wyn-test-main",
        };
        main.Start();
        TimeSpan limit = bound ?? DefaultBound;
        Assert.True(main.Join(limit), $"the test's main thread did not finish within {limit.TotalSeconds} s");
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Spawns a task the way generated code does (tracked, panics reported to the context).</summary>
    public static WynFuture<T> Spawn<T>(WynContext ctx, Func<T> work) => WynTasks.Spawn(ctx, static w => w(), work);

    /// <summary>Spawns a task that returns nothing, as an awaitable <c>Future&lt;Unit&gt;</c>.</summary>
    public static WynFuture<Unit> Spawn(WynContext ctx, Action work) => WynTasks.SpawnAction(ctx, static w => w(), work);

    public static T Await<T>(WynContext ctx, WynFuture<T> future) => WynFuture<T>.Await(ctx, ref future);
}
