using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class ChannelsScheduler
{
    // Compensation rule (as in batched): while k workers are blocked between BeginBlocking and
    // EndBlocking, up to k spare workers read the channel too — at most MaxBlockingCompensation at a
    // time — so the number of threads able to run work stays at Workers. A spare retires when it
    // finds the channel empty and no longer covers a blocked worker.
    private int _blockedWorkers;
    private int _activeSpares;
    private int _sparesStarted;
    private readonly List<ChannelWorker> _spares = [];
    private long _retiredExecuted;
    private long _retiredParks;

    /// <inheritdoc />
    public void BeginBlocking()
    {
        if (CurrentWorker() is not { IsBlocked: false } worker)
        {
            // A thread outside the workers, running one of our tasks (counted once): no longer busy.
            if (OutsideRunner.Block(this) is not null)
                Interlocked.Decrement(ref _busy);
            return;   // not a worker (nothing to compensate), or a nested region
        }
        worker.IsBlocked = true;
        Interlocked.Decrement(ref _busy);
        if (Interlocked.Increment(ref _blockedWorkers) > Volatile.Read(ref _activeSpares))
            StartSpareIfAllowed();
    }

    /// <inheritdoc />
    public void EndBlocking()
    {
        if (CurrentWorker() is not { IsBlocked: true } worker)
        {
            if (OutsideRunner.Unblock(this) is not null)
                Interlocked.Increment(ref _busy);
            return;
        }
        worker.IsBlocked = false;
        Interlocked.Increment(ref _busy);
        Interlocked.Decrement(ref _blockedWorkers);
    }

    /// <inheritdoc />
    public bool IsStarved =>
        Volatile.Read(ref _activeSpares) >= _options.MaxBlockingCompensation
        && Volatile.Read(ref _blockedWorkers) >= _workers.Length + Volatile.Read(ref _activeSpares)
        && _channel.Reader.Count > 0;

    private void StartSpareIfAllowed()
    {
        lock (_stateLock)
        {
            if (_stopped || _activeSpares >= Volatile.Read(ref _blockedWorkers) || _activeSpares >= _options.MaxBlockingCompensation)
                return;
            var spare = new ChannelWorker(this, _workers.Length + _sparesStarted, isSpare: true);
            _sparesStarted++;
            _activeSpares++;
            _spares.Add(spare);
            spare.Start();
        }
    }

    /// <summary>True (and the spare is counted out, atomically with the check) when the spare no longer covers a blocked worker.</summary>
    private bool TryRetireSpare(ChannelWorker spare)
    {
        lock (_stateLock)
        {
            if (_activeSpares <= Volatile.Read(ref _blockedWorkers))
                return false;
            _activeSpares--;
            spare.Retired = true;
            return true;
        }
    }

    /// <summary>A spare's thread is leaving: its counters stay in the totals.</summary>
    private void RetireSpare(ChannelWorker spare)
    {
        lock (_stateLock)
        {
            if (!spare.Retired)
                _activeSpares--;   // leaving because of a stop, not as surplus
            _retiredExecuted += spare.Executed;
            _retiredParks += spare.Parks;
            _spares.Remove(spare);
        }
    }

    private List<ChannelWorker> AllWorkers()
    {
        lock (_stateLock)
            return [.. _workers, .. _spares];
    }
}
