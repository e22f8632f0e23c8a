namespace Wyn.Engine.Schedulers;

/// <summary>
/// The .NET thread pool's minimum worker count is process-wide, and every <c>threadpool</c> engine
/// of the process raises it for its blocked runners (so the pool adds their compensation threads
/// without its starvation delay). This keeps one account for all of them: the minimum is the
/// original one plus what each engine asks above it, and goes back to the original when the last
/// engine lets go. Raising and restoring per engine let one engine's restore lower the minimum
/// below what another engine, still running, needed.
/// </summary>
internal static class PoolMinimum
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<object, int> s_wanted = [];
    private static int s_originalWorkers = -1;
    private static int s_originalIo;
    private static int s_applied;

    /// <summary>The minimum worker count before any engine raised it (read once, then kept until all engines let go).</summary>
    public static int Original
    {
        get
        {
            lock (s_gate)
            {
                CaptureOriginal();
                return s_originalWorkers;
            }
        }
    }

    /// <summary>Records that <paramref name="owner"/> wants the pool to keep at least <paramref name="workers"/> threads, and applies the sum.</summary>
    public static void Want(object owner, int workers)
    {
        lock (s_gate)
        {
            CaptureOriginal();
            s_wanted[owner] = workers;
            Apply();
        }
    }

    /// <summary><paramref name="owner"/> wants nothing more; the minimum goes back to the original after the last owner.</summary>
    public static void Release(object owner)
    {
        lock (s_gate)
        {
            if (!s_wanted.Remove(owner))
                return;
            Apply();
        }
    }

    private static void CaptureOriginal()
    {
        if (s_originalWorkers < 0)
            ThreadPool.GetMinThreads(out s_originalWorkers, out s_originalIo);
    }

    private static void Apply()
    {
        ThreadPool.GetMinThreads(out int current, out int io);
        if (s_wanted.Count == 0)
        {
            // Put back the original unless somebody else changed the minimum since it was last set here.
            if (current == s_applied)
                ThreadPool.SetMinThreads(s_originalWorkers, s_originalIo);
            s_originalWorkers = -1;
            s_applied = 0;
            return;
        }
        int target = s_originalWorkers;
        foreach (int workers in s_wanted.Values)
            target += Math.Max(0, workers - s_originalWorkers);
        if (target != current && ThreadPool.SetMinThreads(target, io))
            s_applied = target;
    }
}
