using System.Threading.Tasks.Sources;

namespace Wyn.Language.Runtime;

/// <summary>
/// A one-time suspension of a task (one <c>await</c>): the value task its resumable code awaits, and
/// the resumption that <see cref="QueueResumption"/> hands to <see cref="ResumptionRescue"/> when the
/// awaited work has finished. The continuation then runs inside the work item the engine runs for the
/// resumption, never on the stack of the thread that finished the work.
/// </summary>
internal abstract class OneTimeSuspension : IValueTaskSource, IResumption
{
    private readonly WynContext _context;
    private SuspensionCore<bool> _core;
    private int _claimed;

    protected OneTimeSuspension(WynContext context)
    {
        _context = context;
    }

    /// <summary>The value task the resumable code awaits.</summary>
    protected ValueTask Awaitable => new(this, _core.Version);

    /// <summary>The awaited work finished: queue the resumption. An engine already disposed (the program ended) drops it.</summary>
    protected void QueueResumption()
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
        _core.OnCompleted(_context, continuation, state, token);
}
