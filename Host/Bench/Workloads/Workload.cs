using System.Numerics;
using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>
/// One benchmark workload from BENCHMARKS.md (W1–W5), run through the engine's C# API on a given
/// engine. Shared by <c>wyn-host bench</c> and the Perf console runners, so both time the same code.
/// </summary>
internal abstract class Workload
{
    /// <summary>The short id used in experiment files and reports: w1 … w5.</summary>
    public abstract string Id { get; }

    /// <summary>The descriptive name (also accepted in experiment files), e.g. spawn-await.</summary>
    public abstract string Name { get; }

    /// <summary>What one operation is, for "ns per operation" and throughput: tasks, spawns, items, round trips.</summary>
    public abstract string OperationUnit { get; }

    /// <summary>The sizes a sweep runs by default (BENCHMARKS.md).</summary>
    public abstract long[] DefaultSizes { get; }

    /// <summary>
    /// The largest size the workload can run and why, or null when only time limits it. Checked when
    /// the experiment file is read (exit 78), because a size past it cannot run at all.
    /// </summary>
    public virtual (long Max, string Reason)? SizeLimit => null;

    /// <summary>
    /// The checksum of every workload is computed before its run, outside the run's timeout, so it
    /// must not take as long as the run: closed forms where there is one. This is the wrapped
    /// (int64, two's complement) value of an exact integer.
    /// </summary>
    protected static long Wrapped(BigInteger exact) => unchecked((long)(ulong)(exact & ulong.MaxValue));

    /// <summary>0² + 1² + … + (n-1)², wrapped as an int64 sum of the squares wraps (W1, W4).</summary>
    protected static long WrappedSumOfSquaresBelow(long n)
    {
        var b = new BigInteger(n);
        return Wrapped((b - 1) * b * (2 * b - 1) / 6);
    }

    /// <summary>A size small enough to warm the JIT and the engine's pools in a few milliseconds.</summary>
    public virtual long WarmUpSize => 10_000;

    /// <summary>
    /// True when the workload needs its spawned tasks to run at the same time as each other (a
    /// pipeline of stages blocked on each other). A strategy that runs every spawn at its spawn site
    /// (no worker threads, e.g. <c>inline</c>) cannot run it: it is reported as not applicable.
    /// </summary>
    public virtual bool NeedsConcurrentTasks => false;

    /// <summary>
    /// For a fan-out workload (spawn N tasks <c>f(i)</c>, then await them in order and sum: W1, W3),
    /// its <c>f</c>; null for the others. Lets a runner time the spawn and the await loops apart and
    /// run the same work on one thread without the engine (<c>Wyn.Perf phases</c>).
    /// </summary>
    public virtual Func<long, long>? FanOutTask => null;

    /// <summary>Runs the timed section; returns the checksum.</summary>
    public abstract long Run(WynEngine engine, long size);

    /// <summary>The checksum a correct run must produce.</summary>
    public abstract long Expected(long size);

    /// <summary>How many operations (see <see cref="OperationUnit"/>) one run of this size performs.</summary>
    public virtual double OperationsIn(long size) => size;

    /// <summary>The workload with this id or name (case-insensitive), or null.</summary>
    public static Workload? ByName(string name) => WorkloadCatalog.Find(name);

    /// <summary>The ids of every workload, in order.</summary>
    public static IReadOnlyList<string> Names => WorkloadCatalog.Ids;
}
