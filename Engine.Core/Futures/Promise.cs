namespace Wyn.Engine;

/// <summary>
/// The writing side of a future that no spawned work completes: code that learns a value by other
/// means (a channel, a callback, the first of several futures) completes it exactly once.
/// </summary>
public readonly struct Promise<T>
{
    private readonly int _slot;
    private readonly int _generation;

    internal Promise(int slot, int generation)
    {
        _slot = slot;
        _generation = generation;
    }

    /// <summary>The future this promise completes. Hand it to one awaiter (or Preserve it).</summary>
    public Future<T> Future => new(_slot, _generation);

    /// <summary>Completes the future with a value; throws if it was already completed.</summary>
    public void SetResult(T value)
    {
        Claim();
        FutureTable<T>.SetResult(_slot, value);
    }

    /// <summary>Completes the future with a failure; throws if it was already completed.</summary>
    public void SetException(Exception error)
    {
        Claim();
        FutureTable<T>.SetException(_slot, error);
    }

    // The claim bit makes completion exactly-once when two threads race to complete. A future that
    // was preserved (its generation moved on by two, the Preserved flag set) is still this promise's
    // to complete: a preserved slot is never reused. Preserve racing with completion is the caller's
    // to avoid (between Preserve's two steps the promise would be refused).
    private void Claim()
    {
        ref FutureSlot<T> slot = ref FutureTable<T>.At(_slot);
        int generation = Volatile.Read(ref slot.Generation);
        bool ours = generation == _generation
            || (generation == _generation + 2 && (Volatile.Read(ref slot.State) & SlotState.Preserved) != 0);
        if (!ours || (Interlocked.Or(ref slot.State, SlotState.Completing) & SlotState.Completing) != 0)
            throw new InvalidOperationException("The promise was already completed (or its future was consumed).");
    }
}
