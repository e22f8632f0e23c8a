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
