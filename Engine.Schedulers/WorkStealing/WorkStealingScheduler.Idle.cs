using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// The idle protocol: searching, parking, and waking without a lost wake-up.
/// </summary>
/// <remarks>
/// <para>
/// A worker whose deque is empty becomes a <em>searcher</em> — but only while fewer than half of
/// the workers search (tokio's rule: more searchers only fight over the same victims). A searcher
/// polls the queues with growing pauses, then parks. A producer that publishes work wakes a parked
/// worker only when nobody searches; when a searcher finds work and it was the last searcher, it
/// wakes the next one itself, so stealing spreads work in a chain without a thundering herd.
/// </para>
/// <para>
/// Why no wake-up is lost. The idle word packs (searching, parked) into one int; every change of it
/// is an Interlocked add, a full fence.
/// </para>
/// Worker, parking:
/// <list type="number">
/// <item>W1. Under the sleepers lock, push itself on the sleepers stack and add "parked + 1,
///   searching - 1 (if it searched)" to the idle word (Interlocked: a full fence).</item>
/// <item>W2. Re-check every queue (injection, every deque, external buffers) and the stop flag.</item>
/// <item>W3. Found something: take itself off the stack (if a waker has not already) and search again.
///   Otherwise wait on its <see cref="Parker"/>, whose token survives an unpark that came first.</item>
/// </list>
/// Producer (a push to a deque, the injection queue or an external buffer):
/// <list type="number">
/// <item>P1. Publish the item (a release store, or a lock).</item>
/// <item>P2. Full fence, then read the idle word (a worker pushing to its own deque and a thread
///   spawning from outside have no fence here: the parking worker's process-wide barrier after W1
///   stands in for it). If nobody searches and somebody is parked, pop a
///   sleeper under the sleepers lock, count it "searching" (so later producers do not wake a second
///   one for the same work) and unpark it.</item>
/// </list>
/// <para>
/// W1 → W2 and P1 → P2 are both "store, full fence, load": of the worker's load in W2 and the
/// producer's load in P2 at least one sees the other's store (the store-buffer litmus test with
/// fences). So either the worker's re-check sees the item, or the producer sees the worker parked.
/// If the producer sees a searcher instead and does nothing, that searcher's own later W1 comes after
/// P2 in the idle word's order, so its W2 sees the item — or it found work before that, and then, as
/// the last searcher leaving, it ran P2 itself and woke a sleeper for whatever is left. (With a
/// fence-free producer that last searcher's look may miss an item still in the producer's store
/// buffer: then a sleeper sleeps on while the item waits in a running worker's deque — which that
/// worker runs itself, shares before it blocks, and which the next push or the next search finds.
/// Parallelism is lost for a moment, never the item; decision 0006, session 11.)
/// A sleeper taken off the stack by a waker always gets a token (the unpark happens after the pop,
/// outside the lock); a parked worker is only ever woken by a token, and Stop gives every sleeper one.
/// </para>
/// </remarks>
public sealed partial class WorkStealingScheduler
{
    /// <summary>
    /// Search rounds with a short busy pause: a worker that ran dry reacts within nanoseconds when
    /// work comes back at once (parking and waking cost microseconds).
    /// </summary>
    private const int BusyRounds = 8;

    /// <summary>
    /// Search rounds after the busy ones, each ending in <see cref="Thread.Yield"/>, before parking:
    /// a yielding worker lets a runnable producer on its core go first. On 2 cores, main plus two
    /// workers is already one thread too many, and a worker that kept spinning took the core of the
    /// very thread that spawns its work. The same budget as the batched strategy, picked by
    /// measurement on the 2-core benchmark machine.
    /// </summary>
    private const int YieldRounds = 64;

    /// <summary>
    /// From this round on a search also takes a lone item from an outside thread's spawn ring.
    /// Before it, rings are left alone unless they hold two or more: a lone item is most often
    /// awaited by its spawner at once, which then runs it itself (a steal would turn a plain call
    /// into a cross-core hand-off); and a worker that stole every few items would bounce the
    /// spawner's ring indices between cores on every spawn.
    /// </summary>
    private const int LoneStealRound = BusyRounds + YieldRounds / 2;

    private CacheLinePaddedInt32 _idleWordCell;
    private ref int _idleWord => ref _idleWordCell.Value;

    private readonly object _sleepersLock = new();
    private readonly Stack<Worker> _sleepers = new();

    /// <summary>
    /// Called by a worker whose deque is empty. Returns the next item to run (having counted the
    /// worker busy again), or null when the worker must exit (stopping, or a spare no longer needed).
    /// </summary>
    private WorkItem? FindWork(Worker worker)
    {
        Interlocked.Decrement(ref _busy);
        int rounds = 0;
        while (true)
        {
            int externalMinimum = rounds < BusyRounds ? int.MaxValue : rounds < LoneStealRound ? 2 : 1;
            if (worker.IsSearching || TryBecomeSearching(worker))
            {
                if (SearchOnce(worker, externalMinimum) is { } found)
                {
                    StopSearching(worker);
                    return found;
                }
            }
            else if (TakeSharedWorkOnly(worker, externalMinimum) is { } shared)
            {
                // Not a searcher (half the workers already are), so no stealing from siblings; but
                // the injection queue and the external rings are a cheap look away, and taking
                // from them competes with nobody's deque.
                return shared;
            }
            if (_stopping || (worker.IsSpare && TryRetireSpare(worker)))
            {
                if (worker.IsSearching)
                    StopSearching(worker);
                return null;
            }
            // Searchers and non-searchers alike poll a while before parking: with few workers a
            // non-searcher that parked at once would be woken for the very next spawn.
            if (rounds < BusyRounds)
            {
                Thread.SpinWait(32);
                rounds++;
                continue;
            }
            if (rounds < BusyRounds + YieldRounds)
            {
                Thread.Yield();
                rounds++;
                continue;
            }
            Park(worker);
            // Woken (or the last look found work): search again, lone ring items included.
            rounds = LoneStealRound;
        }
    }

    /// <summary>Counts the worker as a searcher unless half of the workers already search.</summary>
    private bool TryBecomeSearching(Worker worker)
    {
        int limit = Math.Max(1, (_workers.Length + 1) / 2);
        while (true)
        {
            int word = Volatile.Read(ref _idleWord);
            if (IdleWord.Searching(word) >= limit)
                return false;
            if (Interlocked.CompareExchange(ref _idleWord, word + IdleWord.SearchingOne, word) == word)
            {
                worker.IsSearching = true;
                return true;
            }
        }
    }

    /// <summary>A searcher found work (or gives up). The last searcher to leave wakes a sleeper: there may be more.</summary>
    private void StopSearching(Worker worker)
    {
        worker.IsSearching = false;
        int word = Interlocked.Add(ref _idleWord, -IdleWord.SearchingOne);
        IdleWord.AssertValid(word, IdleWord.MaxThreads);
        if (IdleWord.NeedsWake(word) && !_stopping && HasVisibleWork())
            WakeOne();
    }

    /// <summary>Steps W1–W3 of the protocol above.</summary>
    private void Park(Worker worker)
    {
        // W1
        lock (_sleepersLock)
        {
            _sleepers.Push(worker);
            int delta = IdleWord.ParkedOne - (worker.IsSearching ? IdleWord.SearchingOne : 0);
            worker.IsSearching = false;
            Interlocked.Add(ref _idleWord, delta);
        }
        // Threads spawning from outside append to their rings with plain stores and read the idle
        // word without a fence (SpawnRing): this barrier drains every processor's store buffer, so a
        // push whose producer read "nobody parked" is visible to the re-check below. Paid per park.
        Interlocked.MemoryBarrierProcessWide();
        // W2
        if (HasVisibleWork() || _stopping || (worker.IsSpare && SpareIsSurplus()))
        {
            lock (_sleepersLock)
            {
                if (RemoveSleeper(worker))
                {
                    // Search again, even past the half limit: the work is visible now.
                    Interlocked.Add(ref _idleWord, IdleWord.SearchingOne - IdleWord.ParkedOne);
                    worker.IsSearching = true;
                    return;
                }
            }
            // A waker popped us first: it counted us searching and its token is on the way.
        }
        // W3
        worker.Parks++;
        worker.Parker.Park();
        worker.IsSearching = true;   // the waker (or Stop) counted us as a searcher
    }

    private bool RemoveSleeper(Worker worker)
    {
        if (!_sleepers.Contains(worker))
            return false;
        var others = _sleepers.Where(w => !ReferenceEquals(w, worker)).Reverse().ToArray();
        _sleepers.Clear();
        foreach (Worker other in others)
            _sleepers.Push(other);
        return true;
    }

    /// <summary>Step P2's slow half: wake one sleeper, counted as a searcher.</summary>
    private void WakeOne()
    {
        Worker? sleeper;
        lock (_sleepersLock)
        {
            if (!IdleWord.NeedsWake(Volatile.Read(ref _idleWord)) || !_sleepers.TryPop(out sleeper))
                return;
            Interlocked.Add(ref _idleWord, IdleWord.SearchingOne - IdleWord.ParkedOne);
        }
        sleeper.Parker.Unpark();
    }

    /// <summary>Wakes every sleeper (stop; or a blocked worker's spare is surplus and must notice).</summary>
    private void WakeAll()
    {
        Worker[] sleepers;
        lock (_sleepersLock)
        {
            sleepers = [.. _sleepers];
            _sleepers.Clear();
            Interlocked.Add(ref _idleWord, sleepers.Length * (IdleWord.SearchingOne - IdleWord.ParkedOne));
        }
        foreach (Worker sleeper in sleepers)
            sleeper.Parker.Unpark();
    }

    /// <summary>Step W2: is there anything to run anywhere?</summary>
    private bool HasVisibleWork() => _injection.Count > 0 || AnyExternalWork() || AnyDequeWork();

    private bool AnyDequeWork()
    {
        foreach (Worker worker in Volatile.Read(ref _victims))
        {
            if (!worker.Local.IsEmpty)
                return true;
        }
        return false;
    }
}
