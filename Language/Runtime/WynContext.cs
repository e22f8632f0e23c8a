using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Everything one running Wyn program shares: the engine, stdout, the handle table for channels and
/// Shared cells, the first failure, and the bookkeeping the deadlock detector needs. Generated code
/// keeps it in a static field of the generated (per-compilation) assembly, so two programs running in
/// one process never see each other's state.
/// </summary>
public sealed class WynContext
{
    private readonly CancellationTokenSource failureSource = new();
    private Exception? failure;
    private int mainThreadId;
    private int sleepers;
    private long pendingWakeups;
    private long progressEpoch;

    /// <summary>Creates the context on the thread that will run Wyn main (see <see cref="BindMainThread"/>).</summary>
    public WynContext(WynEngine engine, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stdout);
        Engine = engine;
        Out = stdout;
        mainThreadId = Environment.CurrentManagedThreadId;
    }

    public WynEngine Engine { get; }

    public TextWriter Out { get; }

    /// <summary>The first failure recorded by <see cref="Fail"/>, if any.</summary>
    public Exception? Failure => Volatile.Read(ref failure);

    /// <summary>Cancelled when <see cref="Fail"/> records a failure.</summary>
    public CancellationToken FailureToken => failureSource.Token;

    public bool IsMainThread => Environment.CurrentManagedThreadId == Volatile.Read(ref mainThreadId);

    /// <summary>
    /// How many awaited tasks main is running on its own stack right now (see
    /// <see cref="MainThreadWait"/>); touched by the main thread only. A deadlock found meanwhile is
    /// reported as main's await, with the task's own blocking operation as the detail.
    /// </summary>
    internal int MainRunsAwaitedTask;

    /// <summary>Serializes writes so concurrent print calls never mix their lines.</summary>
    internal object OutputGate { get; } = new();

    internal HandleTable Handles { get; } = new();

    /// <summary>Spawned tasks of this program that have not finished yet (see <see cref="WynTasks.WaitForOutstanding"/>).</summary>
    internal TaskTracker Tasks { get; } = new();

    private ResumptionRescue? rescue;

    /// <summary>Where suspended tasks' resumptions go (decision 0013): the engine, with a rescue for a starved one. Made on first use.</summary>
    internal ResumptionRescue Resumptions => Volatile.Read(ref rescue) ?? CreateRescue();

    private ResumptionRescue CreateRescue()
    {
        var created = new ResumptionRescue(this);
        if (Interlocked.CompareExchange(ref rescue, created, null) is { } existing)
        {
            created.Dispose();
            return existing;
        }

        return created;
    }

    /// <summary>Stops the rescue's timer at the end of a run.</summary>
    internal void StopResumptions() => Volatile.Read(ref rescue)?.Dispose();

    /// <summary>Tasks currently inside <c>sleep</c>: they will wake up by themselves, so the program is not deadlocked.</summary>
    internal int Sleepers => Volatile.Read(ref sleepers);

    /// <summary>Blocked waiters that were signalled but have not resumed yet (they are about to make progress).</summary>
    internal long PendingWakeups => Interlocked.Read(ref pendingWakeups);

    /// <summary>Bumped by every channel state change, so an observer can tell "nothing happened" from "things moved".</summary>
    internal long ProgressEpoch => Interlocked.Read(ref progressEpoch);

    /// <summary>Declares the calling thread the program's main thread (for deadlock detection).</summary>
    public void BindMainThread() => Volatile.Write(ref mainThreadId, Environment.CurrentManagedThreadId);

    /// <summary>
    /// Records the first failure (typically a panic in a spawned task) and wakes every runtime wait,
    /// which then rethrows it, so the program ends promptly even while main is blocked.
    /// </summary>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Interlocked.CompareExchange(ref failure, error, null) is not null)
        {
            return;
        }

        failureSource.Cancel();
        foreach (Channel channel in Handles.Channels())
        {
            channel.WakeEveryone(this);
        }
    }

    /// <summary>
    /// Throws the recorded failure, does nothing when there is none. A Wyn panic or deadlock is
    /// thrown as a fresh copy (<see cref="WynFailures"/>): every waiter of the program wakes and
    /// throws here at once; other failures are rethrown with their original stack.
    /// </summary>
    public void ThrowIfFailed()
    {
        Exception? recorded = Volatile.Read(ref failure);
        if (recorded is not null)
        {
            Rethrow(recorded);
        }
    }

    // Out of line: ThrowIfFailed runs in every channel operation and await, and stays as small as it was.
    [MethodImpl(MethodImplOptions.NoInlining)]
    [DoesNotReturn]
    private static void Rethrow(Exception recorded)
    {
        WynFailures.ThrowCopy(recorded);
        ExceptionDispatchInfo.Throw(recorded);
    }

    internal void EnterSleep() => Interlocked.Increment(ref sleepers);

    internal void ExitSleep() => Interlocked.Decrement(ref sleepers);

    internal void AddPendingWakeups(long count) => Interlocked.Add(ref pendingWakeups, count);

    internal void MarkProgress() => Interlocked.Increment(ref progressEpoch);
}
