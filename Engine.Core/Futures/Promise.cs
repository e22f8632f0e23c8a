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
    // to complete: a preserved slot is never reused. A Preserve may be between its two steps (the
    // generation moved on, the flag not yet set): the completion waits for the flag (nanoseconds,
    // unless the preserving thread is preempted; bounded, for a promise misused after its future was
    // consumed and its slot reused). Until session 17 it refused the promise there: a Wyn program
    // copying a task's future while the task completed stopped with "already completed".
    private void Claim()
    {
        ref FutureSlot<T> slot = ref FutureTable<T>.At(_slot);
        int generation = Volatile.Read(ref slot.Generation);
        bool ours = generation == _generation
            || (generation == _generation + 2 && IsPreservedOrBecomes(ref slot));
        if (!ours || (Interlocked.Or(ref slot.State, SlotState.Completing) & SlotState.Completing) != 0)
            throw new InvalidOperationException("The promise was already completed (or its future was consumed).");
    }

    private bool IsPreservedOrBecomes(ref FutureSlot<T> slot)
    {
        long deadline = 0;
        var spinner = default(SpinWait);
        while ((Volatile.Read(ref slot.State) & SlotState.Preserved) == 0)
        {
            if (Volatile.Read(ref slot.Generation) != _generation + 2)
                return false;
            if (deadline == 0)
                deadline = Environment.TickCount64 + 100;
            else if (Environment.TickCount64 > deadline)
                return false;
            spinner.SpinOnce();
        }
        return Volatile.Read(ref slot.Generation) == _generation + 2;
    }
}
