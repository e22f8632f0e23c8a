using System.Threading.Tasks.Sources;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// A task suspended in <c>await</c> of a future whose work has not finished (decision 0013, session
/// 18): the resumable version of a function waits for the future's completion here, without holding
/// its thread, and then awaits it as usual (the value is there). The future's completion queues the
/// resumption on the engine through <see cref="ResumptionRescue"/>, never running the task on the
/// completing thread's stack.
/// </summary>
/// <remarks>
/// Before, such an await blocked its worker like any blocking await: 5,000 tasks awaiting one future
/// whose task sleeps held every thread the engine may use, and the sleeper's resumption waited for the
/// rescue's spare threads (~1 s).
/// </remarks>
internal sealed class SuspendedAwait : IValueTaskSource, IResumption
{
    private static readonly Action<object?> s_finished = static state => ((SuspendedAwait)state!).Finished();

    private readonly WynContext _context;
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _claimed;

    private SuspendedAwait(WynContext context)
    {
        _context = context;
        // Resumed inside the work item the engine runs for the resumption (see Finished).
        _core.RunContinuationsAsynchronously = false;
    }

    /// <summary>Completes (through a queued resumption) once <paramref name="handle"/>'s work has finished.</summary>
    public static ValueTask WhenFinished<T>(WynContext context, Future<T> handle)
    {
        var waiter = new SuspendedAwait(context);
        handle.OnCompletedInline(s_finished, waiter);
        return new ValueTask(waiter, waiter._core.Version);
    }

    /// <summary>The future finished (on the thread that finished it): queue the resumption. An engine already disposed (the program ended) drops it.</summary>
    private void Finished()
    {
        try
        {
            _context.Resumptions.Resume(this, 1);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public bool TryClaim(int use) => Interlocked.Exchange(ref _claimed, 1) == 0;

    public bool IsClaimed(int use) => Volatile.Read(ref _claimed) != 0;

    public void Resume() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

/// <summary>
/// A task suspended in <c>await_all</c> or <c>await_any</c> of futures whose work has not finished
/// (session 18): for "all" it waits for the unfinished elements one after the other, for "any" for
/// the first of them; then the resumable code runs the plain <c>await_all</c> / <c>await_any</c>,
/// which finds what it needs finished. An element spawned in place whose handle is not there yet
/// ends the wait at once: the plain call that follows waits for it as it always did.
/// </summary>
internal sealed class SuspendedAwaitMany<T> : IValueTaskSource, IResumption
{
    private static readonly Action<object?> s_finished = static state => ((SuspendedAwaitMany<T>)state!).Finished();

    private readonly WynContext _context;
    private readonly WynFutureArray<T> _futures;
    private readonly bool _all;
    private readonly int _line;
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _next;       // for "all": the element to look at next
    private int _fired;      // for "any": set by the first element to finish
    private int _claimed;

    private SuspendedAwaitMany(WynContext context, WynFutureArray<T> futures, bool all, int line)
    {
        _context = context;
        _futures = futures;
        _all = all;
        _line = line;
        _core.RunContinuationsAsynchronously = false;
    }

    /// <summary>Completes (through a queued resumption) once every element's work has finished.</summary>
    public static ValueTask WhenAllFinished(WynContext context, WynFutureArray<T> futures, int line)
    {
        int first = FirstUnfinished(futures, 0, line);
        if (first < 0)
        {
            return default;
        }

        var waiter = new SuspendedAwaitMany<T>(context, futures, all: true, line) { _next = first };
        return waiter.WaitForNext() ? default : new ValueTask(waiter, waiter._core.Version);
    }

    /// <summary>Completes (through a queued resumption) once one element's work has finished.</summary>
    public static ValueTask WhenAnyFinished(WynContext context, WynFutureArray<T> futures, int line)
    {
        long count = futures.Count;
        var handles = new List<Future<T>>();
        for (int i = 0; i < count; i++)
        {
            int position = futures.Resolve(i, line);
            if (futures.IsCompletedAt(position) || !futures.TryGetHandleAt(position, out Future<T> handle))
            {
                return default;
            }

            handles.Add(handle);
        }

        if (handles.Count == 0)
        {
            return default;   // the plain call reports the empty array
        }

        var waiter = new SuspendedAwaitMany<T>(context, futures, all: false, line);
        foreach (Future<T> handle in handles)
        {
            handle.OnCompletedInline(s_finished, waiter);
        }

        return new ValueTask(waiter, waiter._core.Version);
    }

    /// <summary>The index of the first element from <paramref name="from"/> on whose work has not finished (and whose handle is there to wait on), or -1.</summary>
    private static int FirstUnfinished(WynFutureArray<T> futures, int from, int line)
    {
        long count = futures.Count;
        for (int i = from; i < count; i++)
        {
            int position = futures.Resolve(i, line);
            if (!futures.IsCompletedAt(position))
            {
                return futures.TryGetHandleAt(position, out _) ? i : -1;
            }
        }

        return -1;
    }

    /// <summary>For "all": registers on the next unfinished element; true when there is none left (done).</summary>
    private bool WaitForNext()
    {
        try
        {
            int next = FirstUnfinished(_futures, _next, _line);
            if (next < 0 || !_futures.TryGetHandleAt(_futures.Resolve(next, _line), out Future<T> handle))
            {
                return true;
            }

            _next = next + 1;
            handle.OnCompletedInline(s_finished, this);
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or WynPanicException)
        {
            return true;   // the array changed under this look: the plain call that follows sorts it out
        }
    }

    /// <summary>An element finished (on the thread that finished it).</summary>
    private void Finished()
    {
        if (_all)
        {
            if (!WaitForNext())
            {
                return;
            }
        }
        else if (Interlocked.Exchange(ref _fired, 1) != 0)
        {
            return;
        }

        try
        {
            _context.Resumptions.Resume(this, 1);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public bool TryClaim(int use) => Interlocked.Exchange(ref _claimed, 1) == 0;

    public bool IsClaimed(int use) => Volatile.Read(ref _claimed) != 0;

    public void Resume() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
