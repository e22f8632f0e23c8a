using System.Runtime.CompilerServices;

namespace Wyn.Engine;

/// <summary>Awaiter for C# <c>await future</c>; completes on the .NET thread pool, not on an engine worker.</summary>
public readonly struct FutureAwaiter<T> : ICriticalNotifyCompletion
{
    private readonly FutureCell<T> _cell;
    private readonly int _generation;

    internal FutureAwaiter(FutureCell<T> cell, int generation)
    {
        _cell = cell;
        _generation = generation;
    }

    /// <summary>True once the work finished.</summary>
    public bool IsCompleted => _cell.IsFinished;

    /// <summary>The value (or the rethrown failure); consumes the handle.</summary>
    public T GetResult() => _cell.GetResult(_generation, consume: true);

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) =>
        _cell.OnCompleted(static s => ((Action)s!)(), continuation, _generation, inline: false);
}
