using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Wyn.Engine;
using Wyn.Host.Bench.Workloads;

namespace Wyn.Perf;

/// <summary>
/// Console runners for the N-sweep and single runs (what Perf/compare.sh calls), and the
/// BenchmarkDotNet suites:
///   sweep --workload w1 --scheduler batched [--sizes 10000,100000] [--workers N]
///   run   --workload w1 --size 1000000 --scheduler batched [--workers N]
///   phases --workload w1|w3 --size N --scheduler batched [--workers N]   (spawn and await loops apart; the work on one thread)
///   bdn   [BenchmarkDotNet arguments, e.g. --filter *W1*]
/// Exit code 1 when a checksum is wrong, 64 on a usage error.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
            return Usage("missing command");
        try
        {
            return args[0] switch
            {
                "sweep" => Sweep(Arguments.Parse(args[1..])),
                "run" => RunOnce(Arguments.Parse(args[1..])),
                "phases" => Phases.Run(Arguments.Parse(args[1..])),
                "bdn" => RunBenchmarkDotNet(args[1..]),
                _ => Usage($"unknown command '{args[0]}'"),
            };
        }
        catch (ArgumentException e)
        {
            return Usage(e.Message);
        }
        catch (EngineOptionsException e)
        {
            Console.Error.WriteLine($"wyn-perf: {e.Message}");
            return 78;
        }
    }

    private static int RunBenchmarkDotNet(string[] args)
    {
        // In process: the project file (Perf.csproj) and the assembly (Wyn.Perf) have different
        // names, which BenchmarkDotNet's out-of-process toolchain cannot map back to a project.
        IConfig config = DefaultConfig.Instance.AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(9)
            .WithToolchain(InProcessEmitToolchain.Instance));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }

    private static int Sweep(Arguments a)
    {
        Workload workload = a.Workload;
        long[] sizes = a.Sizes ?? workload.DefaultSizes;
        using WynEngine engine = a.CreateEngine();
        if (!CanRun(engine, workload, a.Scheduler))
            return 64;
        Warm(engine, workload);
        bool allCorrect = true;
        foreach (long size in sizes)
        {
            var (ms, checksum, ok) = Measure(engine, workload, size);
            allCorrect &= ok;
            double perTask = ms * 1e6 / workload.OperationsIn(size);
            Console.WriteLine($"{a.Scheduler} {workload.Id} {size} {ms:F2} {perTask:F1} {checksum}{(ok ? "" : " WRONG")}");
        }
        return allCorrect ? 0 : 1;
    }

    private static int RunOnce(Arguments a)
    {
        Workload workload = a.Workload;
        long size = a.Size ?? throw new ArgumentException("run needs --size");
        using WynEngine engine = a.CreateEngine();
        if (!CanRun(engine, workload, a.Scheduler))
            return 64;
        Warm(engine, workload);
        var (ms, checksum, ok) = Measure(engine, workload, size);
        Console.WriteLine($"wyn-csharp-{a.Scheduler} {workload.Id} {size} {ms:F2} {checksum}");
        if (!ok)
            Console.Error.WriteLine($"wrong checksum: expected {workload.Expected(size)}");
        return ok ? 0 : 1;
    }

    /// <summary>
    /// A workload whose tasks wait for each other (W4's pipeline stages) cannot run on a strategy
    /// without worker threads (inline runs each task at its spawn site, so the first stage would wait
    /// forever for the second): say so, as `wyn-host bench` does, instead of hanging.
    /// </summary>
    private static bool CanRun(WynEngine engine, Workload workload, string scheduler)
    {
        if (!workload.NeedsConcurrentTasks || engine.Scheduler.GetStatistics().Workers > 0)
            return true;
        Console.Error.WriteLine($"wyn-perf: workload {workload.Id} needs tasks that run at the same time; the '{scheduler}' strategy has no worker threads");
        return false;
    }

    /// <summary>
    /// Runs the workload's warm-up size at least five times and for at least
    /// <see cref="WarmUpMilliseconds"/>, so that the timed run measures steady state: not the JIT's
    /// tiers (the runtime recompiles a hot method some 100 ms after its first calls, and under load
    /// later still), nor first chunk allocations. Five runs alone left the first timed W1 round in
    /// tier-0 and instrumented code (docs/benchmarks.md, session 9). Every peer runner warms up by
    /// the same rule (Perf/peers).
    /// </summary>
    private static void Warm(WynEngine engine, Workload workload)
    {
        long size = workload.WarmUpSize;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < 5 || Stopwatch.GetElapsedTime(started).TotalMilliseconds < WarmUpMilliseconds; i++)
            workload.Run(engine, size);
    }

    /// <summary>The warm-up's minimum duration: WYN_BENCH_WARMUP_MS, 1000 by default (0: five runs only, the protocol before session 9).</summary>
    private static int WarmUpMilliseconds { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("WYN_BENCH_WARMUP_MS"), out int ms) && ms >= 0 ? ms : 1000;

    private static (double Ms, long Checksum, bool Ok) Measure(WynEngine engine, Workload workload, long size)
    {
        // Each measured run starts from a collected heap, as BenchmarkDotNet's iterations do: the
        // garbage of the warm-up and of the previous size (their arrays of futures) is gone, and the
        // aggressive mode gives its memory back to the system, so that a run's peak RSS is its own.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        long checksum = workload.Run(engine, size);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        // On a shared, noisy machine the process's CPU time is a steadier signal than wall time;
        // it goes to stderr so that stdout keeps its fixed format.
        if (Environment.GetEnvironmentVariable("WYN_PERF_CPU") == "1")
            Console.Error.WriteLine($"cpu-ms {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds:F1} gen0 {GC.CollectionCount(0)} gen2 {GC.CollectionCount(2)} alloc {GC.GetTotalAllocatedBytes()}");
        return (ms, checksum, checksum == workload.Expected(size));
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"wyn-perf: {problem}");
        Console.Error.WriteLine("usage: Wyn.Perf sweep --workload w1|w2|w3|w4|w5 --scheduler NAME [--sizes N,N,...] [--workers N]");
        Console.Error.WriteLine("       Wyn.Perf run --workload w1|w2|w3|w4|w5 --size N --scheduler NAME [--workers N]");
        Console.Error.WriteLine("       Wyn.Perf phases --workload w1|w3 --size N --scheduler NAME [--workers N]");
        Console.Error.WriteLine("       Wyn.Perf bdn [BenchmarkDotNet arguments]");
        return 64;
    }
}
