using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// Counts the program's spawned tasks so main can wait for all of them before the program ends
/// (WYN-CORE §2), without a shared atomic counter on the spawn path.
/// </summary>
/// <remarks>
/// Two families of monotonic counters, striped by thread so that spawning and completing threads
/// rarely touch the same cache line: "spawned" (incremented before a task is submitted) and
/// "finished" (incremented when it ends). Reading every finished stripe first and every spawned stripe
/// afterwards gives finishedRead ≤ finished(t) ≤ spawned(t) ≤ spawnedRead for the moment t between the
/// two passes, so finishedRead == spawnedRead proves that at time t no task was outstanding — and with
/// no task running and main waiting, none can be spawned afterwards.
/// </remarks>
internal sealed class TaskTracker
{
    private const int Stripes = 64;           // power of two; thread ids are small sequential numbers
    private const int LongsPerStripe = 16;    // 128 bytes apart: no false sharing between stripes

    private readonly long[] spawned = new long[Stripes * LongsPerStripe];
    private readonly long[] finished = new long[Stripes * LongsPerStripe];
    private readonly object gate = new();
    private volatile bool waiterPresent;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Spawned() => Interlocked.Increment(ref spawned[StripeOffset()]);

    /// <summary>Counts <paramref name="count"/> spawns at once (a task that finishes in two steps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Spawned(int count) => Interlocked.Add(ref spawned[StripeOffset()], count);

    public void Finished()
    {
        Interlocked.Increment(ref finished[StripeOffset()]);
        if (waiterPresent)
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        }
    }

    public bool AllFinished()
    {
        long finishedTotal = Sum(finished);
        Interlocked.MemoryBarrier();
        return finishedTotal == Sum(spawned);
    }

    /// <summary>Blocks up to <paramref name="milliseconds"/> or until some task finishes.</summary>
    public void WaitForAnyFinish(int milliseconds)
    {
        lock (gate)
        {
            waiterPresent = true;
            try
            {
                if (!AllFinished())
                {
                    Monitor.Wait(gate, milliseconds);
                }
            }
            finally
            {
                waiterPresent = false;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StripeOffset() => (Environment.CurrentManagedThreadId & (Stripes - 1)) * LongsPerStripe;

    private static long Sum(long[] counters)
    {
        long total = 0;
        for (int i = 0; i < counters.Length; i += LongsPerStripe)
        {
            total += Volatile.Read(ref counters[i]);
        }

        return total;
    }
}
