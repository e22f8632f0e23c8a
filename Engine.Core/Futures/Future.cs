using System.Runtime.CompilerServices;

namespace Wyn.Engine;

/// <summary>
/// A handle to the result of spawned work. Like <see cref="System.Threading.Tasks.ValueTask{TResult}"/>, a
/// handle is consumed by one await (<see cref="Await"/>, C# <c>await</c> or <see cref="AsTask"/>), which
/// returns its pooled cell; a consumed, stale or default handle throws <see cref="InvalidOperationException"/>.
/// Call <see cref="Preserve"/> for a handle that may be awaited any number of times.
/// </summary>
public readonly struct Future<T>
{
    internal readonly FutureCell<T>? Cell;
    internal readonly int Generation;

    internal Future(FutureCell<T> cell, int generation)
    {
        Cell = cell;
        Generation = generation;
    }

    /// <summary>True for <c>default(Future&lt;T&gt;)</c>, which refers to no work.</summary>
    public bool IsDefault => Cell is null;

    /// <summary>True once the work finished (with a value, a failure or cancelled).</summary>
    public bool IsCompleted
    {
        get
        {
            FutureCell<T> cell = Validated();
            return cell.IsFinished;
        }
    }

    /// <summary>
    /// Blocks until the work finishes and returns its value, rethrowing its exception with the original
    /// stack. While waiting the calling thread helps: it runs the awaited work itself if nobody started
    /// it, and otherwise other queued work, so nested spawn/await never deadlocks, even with one worker.
    /// Consumes the handle.
    /// </summary>
    public T Await()
    {
        FutureCell<T> cell = Validated();
        if (!cell.IsFinished)
            WaitSlow(cell);
        return cell.GetResult(Generation, consume: true);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitSlow(FutureCell<T> cell)
    {
        cell.ValidateGeneration(Generation);
        if (cell.TryRunInline())
            return;
        if (cell.Engine is { } engine)
            engine.HelpUntilFinished(cell);
        else
            while (!cell.IsFinished)
                cell.WaitOnMonitor(100);
    }

    /// <summary>The awaiter behind C# <c>await</c>. Consumes the handle.</summary>
    public FutureAwaiter<T> GetAwaiter() => new(Validated(), Generation);

    /// <summary>A <see cref="Task{TResult}"/> completing with this future. Consumes the handle.</summary>
    public Task<T> AsTask()
    {
        FutureCell<T> cell = Validated();
        if (cell.IsFinished)
        {
            try
            {
                return Task.FromResult(cell.GetResult(Generation, consume: true));
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        int generation = Generation;
        cell.OnCompleted(static s =>
        {
            var (c, g, tcs) = ((FutureCell<T>, int, TaskCompletionSource<T>))s!;
            try
            {
                tcs.SetResult(c.GetResult(g, consume: true));
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        }, (cell, generation, source), generation, inline: true);
        return source.Task;
    }

    /// <summary>
    /// Consumes this handle and returns one that may be awaited any number of times (its cell is not
    /// pooled; the original pooled cell is returned as soon as the work finishes).
    /// </summary>
    public Future<T> Preserve()
    {
        FutureCell<T> cell = Validated();
        if (cell is PreservedCell<T>)
            return this;
        var preserved = new PreservedCell<T>(cell.Engine);
        int generation = Generation;
        cell.OnCompleted(static s =>
        {
            var (c, g, p) = ((FutureCell<T>, int, PreservedCell<T>))s!;
            p.CopyFrom(c, g);
        }, (cell, generation, preserved), generation, inline: true);
        return new Future<T>(preserved, preserved.Generation);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FutureCell<T> Validated()
    {
        FutureCell<T>? cell = Cell;
        if (cell is null)
            ThrowDefault();
        cell!.ValidateGeneration(Generation);
        return cell;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDefault() =>
        throw new InvalidOperationException("This Future is default: it refers to no spawned work.");
}
