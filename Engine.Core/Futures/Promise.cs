namespace Wyn.Engine;

/// <summary>
/// The writing side of a future that no spawned work completes: code that learns a value by other
/// means (a channel, a callback, the first of several futures) completes it once.
/// </summary>
public readonly struct Promise<T>
{
    private readonly FutureCell<T> _cell;
    private readonly int _generation;

    internal Promise(FutureCell<T> cell, int generation)
    {
        _cell = cell;
        _generation = generation;
    }

    /// <summary>The future this promise completes. Hand it to exactly one awaiter (or Preserve it).</summary>
    public Future<T> Future => new(_cell, _generation);

    /// <summary>Completes the future with a value; throws if it was already completed.</summary>
    public void SetResult(T value)
    {
        _cell.ValidateGeneration(_generation);
        // The claim makes completion exactly-once when two threads race to complete.
        if (!_cell.TryClaim())
            throw new InvalidOperationException("The promise was already completed.");
        _cell.SetResult(value);
    }

    /// <summary>Completes the future with a failure; throws if it was already completed.</summary>
    public void SetException(Exception error)
    {
        _cell.ValidateGeneration(_generation);
        if (!_cell.TryClaim())
            throw new InvalidOperationException("The promise was already completed.");
        _cell.SetException(error);
    }
}
