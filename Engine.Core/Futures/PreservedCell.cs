namespace Wyn.Engine;

/// <summary>
/// A cell that is never pooled, so every handle to it stays valid: the target of
/// <see cref="Future{T}.Preserve"/>. Its generation is fixed at 1 ("rented" for ever).
/// </summary>
internal sealed class PreservedCell<T> : FutureCell<T>
{
    public PreservedCell(WynEngine? engine)
    {
        Engine = engine;
        GenerationField = 1;
        MarkRunning();
    }

    /// <summary>Copies the outcome of a finished cell and consumes that cell.</summary>
    public void CopyFrom(FutureCell<T> source, int generation)
    {
        try
        {
            SetResult(source.GetResult(generation, consume: true));
        }
        catch (Exception e)
        {
            SetException(e);
        }
    }

    protected override void RunClaimed() =>
        throw new InvalidOperationException("A preserved future has no work of its own.");

    protected override void Consume(int generation)
    {
        // Awaitable any number of times: nothing to give back.
    }
}
