using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// A task suspended in <c>await_all</c> or <c>await_any</c> of futures whose work has not finished
/// (session 18): for "all" it waits for the unfinished elements one after the other, for "any" for
/// the first of them; then the resumable code runs the plain <c>await_all</c> / <c>await_any</c>,
/// which finds what it needs finished. An element spawned in place whose handle is not there yet
/// ends the wait at once: the plain call that follows waits for it as it always did.
/// </summary>
internal sealed class SuspendedAwaitMany<T> : OneTimeSuspension
{
    private static readonly Action<object?> s_finished = static state => ((SuspendedAwaitMany<T>)state!).Finished();

    private readonly WynFutureArray<T> _futures;
    private readonly bool _all;
    private readonly int _line;
    private int _next;       // for "all": the element to look at next
    private int _fired;      // for "any": set by the first element to finish

    private SuspendedAwaitMany(WynContext context, WynFutureArray<T> futures, bool all, int line)
        : base(context)
    {
        _futures = futures;
        _all = all;
        _line = line;
    }

    /// <summary>Completes (through a queued resumption) once every element's work has finished.</summary>
    public static ValueTask WhenAllFinished(WynContext context, WynFutureArray<T> futures, int line)
    {
        int first = FirstUnfinished(futures, 0, line, out Future<T> handle);
        if (first < 0)
        {
            return default;
        }

        var waiter = new SuspendedAwaitMany<T>(context, futures, all: true, line) { _next = first + 1 };
        handle.OnCompletedInline(s_finished, waiter);
        return waiter.Awaitable;
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

        return waiter.Awaitable;
    }

    /// <summary>
    /// The index of the first element from <paramref name="from"/> on whose work has not finished, with
    /// its handle; -1 when there is none, or when that element has no handle to wait on yet (spawned
    /// in place): the plain call that follows waits for it.
    /// </summary>
    private static int FirstUnfinished(WynFutureArray<T> futures, int from, int line, out Future<T> handle)
    {
        handle = default;
        long count = futures.Count;
        for (int i = from; i < count; i++)
        {
            int position = futures.Resolve(i, line);
            if (!futures.IsCompletedAt(position))
            {
                return futures.TryGetHandleAt(position, out handle) ? i : -1;
            }
        }

        return -1;
    }

    /// <summary>For "all": registers on the next unfinished element; true when there is none left (done).</summary>
    private bool WaitForNext()
    {
        try
        {
            int next = FirstUnfinished(_futures, _next, _line, out Future<T> handle);
            if (next < 0)
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

        QueueResumption();
    }
}
