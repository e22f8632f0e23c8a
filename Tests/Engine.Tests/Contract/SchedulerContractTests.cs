using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

/// <summary>
/// The promises every scheduler strategy keeps (RELIABILITY.md, IScheduler): conservation, nesting
/// without deadlock, failures at await, shutdown in both modes, no leaked threads or pool slots.
/// A strategy joins the suite with a three-line subclass naming it; a test that cannot apply to a
/// strategy is overridden there with <c>[Fact(Skip = "why")]</c>.
/// </summary>
public abstract partial class SchedulerContractTests : IDisposable
{
    private readonly List<WynEngine> _engines = [];

    /// <summary>The strategy under test, as configured in <c>Wyn:Engine:Scheduler</c>.</summary>
    protected abstract string SchedulerName { get; }

    /// <summary>Worker threads the strategy reports for <paramref name="configured"/> workers (inline has none).</summary>
    protected virtual int ExpectedWorkers(int configured) => configured;

    /// <summary>Bound for one test body.</summary>
    protected static TimeSpan TestTimeout => StressMode.Timeout(TimeSpan.FromSeconds(60));

    /// <summary>Creates and starts an engine of the strategy under test; <see cref="Dispose"/> checks and stops it.</summary>
    protected WynEngine StartEngine(int workers = 2, Action<EngineOptions>? configure = null, SchedulerCatalog? catalog = null)
    {
        var options = new EngineOptions
        {
            Scheduler = SchedulerName,
            Workers = workers,
            ShutdownTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        var engine = new WynEngine(options, catalog);
        engine.Start();
        _engines.Add(engine);
        return engine;
    }

    /// <summary>
    /// After every test: each engine stops (bounded), every pool slot it rented is back (rented −
    /// returned = 0), and only then is it disposed — disposing drops the pools, which would hide a leak.
    /// </summary>
    public void Dispose()
    {
        var problems = new List<string>();
        foreach (WynEngine engine in _engines)
        {
            try
            {
                if (!engine.IsStopped)
                {
                    bool stopped = Bounded.Run(() => engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(40), "engine stop after the test", engine);
                    if (!stopped)
                        problems.Add($"Stop(Drain) after the test timed out. {Bounded.Dump(engine)}");
                }
                // C# await continuations consume their handle on the .NET thread pool, a moment after the work ran.
                Bounded.Wait(() => engine.GetPoolCounters().Outstanding == 0, TimeSpan.FromSeconds(10),
                    "pool counters back to zero (every rented slot returned)", engine);
            }
            catch (Exception e)
            {
                problems.Add(e.Message);
            }
            finally
            {
                engine.Dispose();
            }
        }
        _engines.Clear();
        GC.SuppressFinalize(this);
        if (problems.Count > 0)
            Assert.Fail(string.Join(Environment.NewLine, problems));
    }

    /// <summary>Fails with the first tag that ran other than once, and how many tags did.</summary>
    protected static void AssertEachRanExactlyOnce(int[] runs, WynEngine? engine = null)
    {
        int wrong = 0, first = -1;
        for (int i = 0; i < runs.Length; i++)
        {
            if (Volatile.Read(ref runs[i]) != 1)
            {
                wrong++;
                if (first < 0) first = i;
            }
        }
        if (wrong > 0)
            Assert.Fail($"{wrong} of {runs.Length} tasks did not run exactly once; the first is tag {first}, which ran {runs[first]} times.{Environment.NewLine}{Bounded.Dump(engine)}");
    }

    /// <summary>A task body that throws, not inlined, so its name must appear in the rethrown stack trace.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected static int ThrowFromTaskBody(int value) =>
        throw new ContractTestException($"task failed with {value}");

    /// <summary>fib(n), spawning both recursive calls as tasks at every level and awaiting them.</summary>
    protected static long SpawningFib(WynEngine engine, int n)
    {
        if (n < 2)
            return n;
        Future<long> a = engine.Spawn(static s => SpawningFib(s.Engine, s.N), (Engine: engine, N: n - 1));
        Future<long> b = engine.Spawn(static s => SpawningFib(s.Engine, s.N), (Engine: engine, N: n - 2));
        return a.Await() + b.Await();
    }

    /// <summary>A gate a task waits on without telling the engine (the worker is simply occupied); bounded.</summary>
    protected sealed class Gate
    {
        public readonly ManualResetEventSlim Started = new();
        public readonly ManualResetEventSlim Open = new();

        public bool Hold()
        {
            Started.Set();
            return Open.Wait(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>The exception the tests' task bodies throw: never thrown by the engine itself.</summary>
    protected sealed class ContractTestException(string message) : Exception(message);

    /// <summary>Shared counters of fire-and-forget tests.</summary>
    protected sealed class Counter
    {
        public int Value;
        public WynEngine? Engine;
        public int Limit;
    }

    protected static ConcurrentBag<string> NewNameBag() => [];
}
