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
internal sealed class SuspendedAwait : OneTimeSuspension
{
    private static readonly Action<object?> s_finished = static state => ((SuspendedAwait)state!).QueueResumption();

    private SuspendedAwait(WynContext context)
        : base(context)
    {
    }

    /// <summary>Completes (through a queued resumption) once <paramref name="handle"/>'s work has finished.</summary>
    public static ValueTask WhenFinished<T>(WynContext context, Future<T> handle)
    {
        var waiter = new SuspendedAwait(context);
        handle.OnCompletedInline(s_finished, waiter);
        return waiter.Awaitable;
    }
}
