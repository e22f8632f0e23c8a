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

    // The claim bit makes completion exactly-once when two threads race to complete.
    private void Claim()
    {
        ref FutureSlot<T> slot = ref FutureTable<T>.At(_slot);
        if (Volatile.Read(ref slot.Generation) != _generation
            || (Interlocked.Or(ref slot.State, SlotState.Completing) & SlotState.Completing) != 0)
            throw new InvalidOperationException("The promise was already completed (or its future was consumed).");
    }
}
