using System.Diagnostics;
using Wyn.Engine;
using Wyn.Host.Bench.Workloads;

namespace Wyn.Perf;

/// <summary>
/// <c>phases --workload w1|w3 --size N --scheduler S [--workers N]</c>: where a fan-out workload's
/// time goes. Runs rounds of the workload's shape in one process (three untimed rounds first) and
/// prints, per task, the spawn loop, the await loop, and the same per-task function called on one
/// thread without the engine, with that figure divided by the worker count: what the work alone
/// would take on the workers if spawning, scheduling and awaiting were free (docs/benchmarks.md,
/// session 14); then the same work on as many plain threads sharing one counter, what this machine
/// actually gives that many threads; and how many processors the process kept busy while the engine
/// ran (session 15). The array of futures is touched before each round, so its first-touch page
/// faults stay out of the spawn loop. Minima are steadier than medians on a shared machine; both
/// printed.
/// </summary>
internal static class Phases
{
    private const int Rounds = 15;

    public static int Run(Arguments a)
    {
        Func<long, long> task = a.Workload.FanOutTask
            ?? throw new ArgumentException($"phases needs a fan-out workload (w1, w3), not {a.Workload.Id}");
        long size = a.Size ?? throw new ArgumentException("phases needs --size");
        using WynEngine engine = a.CreateEngine();
        int workers = Math.Max(1, engine.Scheduler.GetStatistics().Workers);
        var spawnTimes = new List<double>();
        var awaitTimes = new List<double>();
        var aloneTimes = new List<double>();
        var plainTimes = new List<double>();
        var cpusUsed = new List<double>();
        using Process process = Process.GetCurrentProcess();
        long expected = a.Workload.Expected(size);
        for (int round = 0; round < Rounds + 3; round++)
        {
            var futures = new Future<long>[size];
            Array.Fill(futures, default);
            TimeSpan cpuBefore = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            for (long i = 0; i < size; i++)
                futures[i] = engine.Spawn(task, i);
            long spawned = Stopwatch.GetTimestamp();
            long sum = 0;
            for (long i = 0; i < size; i++)
                sum = unchecked(sum + futures[i].Await());
            long awaited = Stopwatch.GetTimestamp();
            process.Refresh();
            TimeSpan cpuEngine = process.TotalProcessorTime - cpuBefore;
            long sequential = 0;
            for (long i = 0; i < size; i++)
                sequential = unchecked(sequential + task(i));
            long done = Stopwatch.GetTimestamp();
            long plain = PlainThreads(task, size, workers);
            long plainDone = Stopwatch.GetTimestamp();
            if (sum != expected || sequential != expected || plain != expected)
            {
                Console.Error.WriteLine($"wrong checksum: {sum} (engine), {sequential} (one thread), {plain} (plain threads), expected {expected}");
                return 1;
            }
            if (round < 3)
                continue;   // warm-up: JIT, pools, chunks
            spawnTimes.Add(PerTask(spawned - start, size));
            awaitTimes.Add(PerTask(awaited - spawned, size));
            aloneTimes.Add(PerTask(done - awaited, size));
            plainTimes.Add(PerTask(plainDone - done, size));
            cpusUsed.Add(cpuEngine.TotalSeconds / ((awaited - start) / (double)Stopwatch.Frequency));
        }
        Console.WriteLine($"{a.Scheduler} {a.Workload.Id} {size} ns/task median (min) over {Rounds} rounds: " +
            $"spawn {Median(spawnTimes):F1} ({spawnTimes.Min():F1}), await {Median(awaitTimes):F1} ({awaitTimes.Min():F1}), " +
            $"engine total {Median(spawnTimes) + Median(awaitTimes):F1} using {Median(cpusUsed):F2} CPUs; one thread alone {Median(aloneTimes):F1} ({aloneTimes.Min():F1}), " +
            $"over {workers} workers {Median(aloneTimes) / workers:F1}; {workers} plain threads {Median(plainTimes):F1} ({plainTimes.Min():F1})");
        return 0;
    }

    /// <summary>
    /// The same work on <paramref name="workers"/> plain threads that take indices in chunks of 256
    /// from one shared counter: what the machine gives the work on that many threads with next to no
    /// scheduling (thread start included; ~0.1 ms). Its sum.
    /// </summary>
    private static long PlainThreads(Func<long, long> task, long size, int workers)
    {
        const int Chunk = 256;
        long next = 0;
        long total = 0;
        var threads = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            threads[w] = new Thread(() =>
            {
                long sum = 0;
                for (long from = Interlocked.Add(ref next, Chunk) - Chunk; from < size; from = Interlocked.Add(ref next, Chunk) - Chunk)
                {
                    long to = Math.Min(size, from + Chunk);
                    for (long i = from; i < to; i++)
                        sum = unchecked(sum + task(i));
                }
                Interlocked.Add(ref total, sum);
            });
            threads[w].Start();
        }
        foreach (Thread thread in threads)
            thread.Join();
        return total;
    }

    private static double PerTask(long ticks, long size) => ticks * 1e9 / Stopwatch.Frequency / size;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
