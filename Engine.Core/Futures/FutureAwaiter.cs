using System.Runtime.CompilerServices;

namespace Wyn.Engine;

/// <summary>Awaiter for C# <c>await future</c>; the continuation runs on the .NET thread pool, not on an engine worker.</summary>
public readonly struct FutureAwaiter<T> : ICriticalNotifyCompletion
{
    private readonly int _slot;
    private readonly int _generation;

    internal FutureAwaiter(int slot, int generation)
    {
        _slot = slot;
        _generation = generation;
    }

    /// <summary>True once the work finished.</summary>
    public bool IsCompleted => SlotState.Phase(Volatile.Read(ref FutureTable<T>.At(_slot).State)) != SlotState.Incomplete;

    /// <summary>
    /// The value (or the rethrown failure); consumes the handle. Called before the work finished
    /// (<c>future.GetAwaiter().GetResult()</c>), it waits as <see cref="Future{T}.Await"/> does.
    /// </summary>
    public T GetResult() => new Future<T>(_slot, _generation).Await();

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) =>
        FutureTable<T>.OnCompleted(_slot, _generation, static s => ((Action)s!)(), continuation, inline: false);
}
