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
            BeginBlockingOutside();
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
            EndBlockingOutside();
            return;
        }
        worker.IsBlocked = false;
        Interlocked.Increment(ref _busy);
        Interlocked.Decrement(ref _blockedWorkers);
    }

    /// <summary>A thread outside the workers, running one of our tasks, blocks: it no longer counts as busy.</summary>
    private void BeginBlockingOutside()
    {
        if (CurrentWorker() is null && OutsideRunner.RunningFor(this) is { Blocked: false } runner)
        {
            runner.Blocked = true;
            Interlocked.Decrement(ref _busy);
        }
    }

    private void EndBlockingOutside()
    {
        if (CurrentWorker() is null && OutsideRunner.RunningFor(this) is { Blocked: true } runner)
        {
            runner.Blocked = false;
            Interlocked.Increment(ref _busy);
        }
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
