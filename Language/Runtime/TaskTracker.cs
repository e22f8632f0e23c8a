using System.Runtime.CompilerServices;
using Wyn.Engine.Memory.Internal;

namespace Wyn.Language.Runtime;

/// <summary>
/// Counts the program's spawned tasks so main can wait for all of them before the program ends
/// (WYN-CORE §2), without an atomic instruction on the spawn path.
/// </summary>
/// <remarks>
/// Each thread counts in its own pair of monotonic counters, "spawned" (incremented before a task is
/// submitted) and "finished" (incremented when it ends), and only that thread writes them: plain
/// stores, no lock prefix. (Counters striped by thread id needed an atomic increment each, as two
/// threads could share a stripe: two of them per task, some 10 ns of a W5 round trip.) Reading every
/// finished counter first and every spawned counter afterwards gives
/// finishedRead ≤ finished(t) ≤ spawned(t) ≤ spawnedRead for the moment t between the two passes, so
/// finishedRead == spawnedRead proves that at time t no task was outstanding — and with no task
/// running and main waiting, none can be spawned afterwards. A thread's counters join the list before
/// its first count, so a pass that starts later sees them.
/// </remarks>
internal sealed class TaskTracker
{
    [ThreadStatic] private static Counters? t_counters;   // the calling thread's, for the tracker it used last

    private readonly object gate = new();
    private Counters[] all = [];
    private volatile bool waiterPresent;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Spawned() => Spawned(1);

    /// <summary>Counts <paramref name="count"/> spawns at once (a task that finishes in two steps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Spawned(int count)
    {
        Counters mine = Mine();
        Volatile.Write(ref mine.Spawned.Value, mine.Spawned.Value + count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per task: JIT-compiled, not ReadyToRun code (decision 0011)
    public void Finished()
    {
        Counters mine = Mine();
        Volatile.Write(ref mine.Finished.Value, mine.Finished.Value + 1);
        // A store then a load: the load may pass the store, so a waiter that set waiterPresent just now
        // may not see this finish yet, nor this thread its flag. WaitForAnyFinish closes that gap with a
        // process-wide barrier between setting the flag and counting.
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
        long finishedTotal = 0;
        foreach (Counters c in Volatile.Read(ref all))
        {
            finishedTotal += Volatile.Read(ref c.Finished.Value);
        }

        Interlocked.MemoryBarrier();
        long spawnedTotal = 0;
        foreach (Counters c in Volatile.Read(ref all))
        {
            spawnedTotal += Volatile.Read(ref c.Spawned.Value);
        }

        return finishedTotal == spawnedTotal;
    }

    /// <summary>Blocks up to <paramref name="milliseconds"/> or until some task finishes.</summary>
    public void WaitForAnyFinish(int milliseconds)
    {
        lock (gate)
        {
            waiterPresent = true;
            try
            {
                // Every thread's earlier stores are visible after this, or that thread has not yet
                // read waiterPresent and will see it set (see Finished).
                Interlocked.MemoryBarrierProcessWide();
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
    private Counters Mine()
    {
        Counters? mine = t_counters;
        return mine is not null && ReferenceEquals(mine.Owner, this) ? mine : Attach();
    }

    /// <summary>The calling thread's counters for this tracker, made and listed on its first count (found again when it switches back).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Counters Attach()
    {
        int thread = Environment.CurrentManagedThreadId;
        Counters? mine = null;
        foreach (Counters c in Volatile.Read(ref all))
        {
            if (c.Thread == thread)
            {
                mine = c;
                break;
            }
        }

        if (mine is null)
        {
            mine = new Counters(this, thread);
            lock (gate)
            {
                Volatile.Write(ref all, [.. all, mine]);
            }
        }

        t_counters = mine;
        return mine;
    }

    /// <summary>One thread's counts for one tracker: written by that thread only, each on its own cache line (threads' counters are allocated side by side).</summary>
    private sealed class Counters(TaskTracker owner, int thread)
    {
        public readonly TaskTracker Owner = owner;
        public readonly int Thread = thread;
        public PaddedLong Spawned;
        public PaddedLong Finished;
    }
}
