using System.Text;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Wyn <c>Future&lt;T&gt;</c>: the engine's consume-once handle plus room for the result, so that
/// "awaiting a future twice returns the same value" holds. The first <see cref="Await"/> through a
/// reference to the storage location (local, field or array element) consumes the engine handle and
/// keeps the value in place; later awaits return the kept value. A default instance counts as already
/// awaited with the default value (Wyn has no uninitialized futures).
/// </summary>
public struct WynFuture<T> : IWynValue
{
    private Future<T> handle;   // default once awaited (or when preserved copies were awaited in place)
    private T result;

    public WynFuture(Future<T> handle)
    {
        this.handle = handle;
        result = default!;
    }

    /// <summary>True once the value is available without blocking.</summary>
    public readonly bool IsCompleted => handle.IsDefault || handle.IsCompleted;

    /// <summary>The engine handle; default once awaited in place.</summary>
    internal readonly Future<T> Handle => handle;

    /// <summary>The kept value, meaningful once <see cref="Handle"/> is default.</summary>
    internal readonly T Result => result;

    /// <summary>A future that has been awaited: it holds <paramref name="value"/> and no handle.</summary>
    internal static WynFuture<T> FromValue(T value) => new() { result = value };

    /// <summary><c>await f</c>; see the type remarks and the README for the main-thread behaviour.</summary>
    public static T Await(WynContext ctx, ref WynFuture<T> future)
    {
        if (future.handle.IsDefault)
        {
            return future.result;
        }

        T value = AwaitHandle(ctx, future.handle);
        future.result = value;
        future.handle = default;

        // A panic anywhere ends the program: a task that finished (or was skipped) after another one
        // failed must not let its awaiter carry on as if nothing happened.
        ctx.ThrowIfFailed();
        return value;
    }

    /// <summary>Waits for <paramref name="handle"/> (consuming it unless it is preserved); main waits without running tasks itself.</summary>
    internal static T AwaitHandle(WynContext ctx, Future<T> handle) =>
        handle.IsCompleted || !ctx.IsMainThread ? handle.Await() : MainThreadWait.Await(ctx, handle);

    /// <summary>
    /// A copy of the future stored at <paramref name="future"/> that can be awaited independently of
    /// it, for every place where Wyn copies a future value instead of awaiting it (<c>var g = f</c>,
    /// passing it as an argument, pushing it into another array, a <c>for f in futs</c> variable).
    /// Both the original and the copy then return the same value however often each is awaited.
    /// An unfinished handle is converted with the engine's <c>Preserve()</c> (its slot is then not
    /// recycled), so copy only where the program really copies — await in place otherwise.
    /// </summary>
    public static WynFuture<T> Share(ref WynFuture<T> future)
    {
        if (!future.handle.IsDefault)
        {
            future.handle = future.handle.Preserve();   // idempotent for an already preserved handle
        }

        return future;
    }

    readonly void IWynValue.AppendTo(StringBuilder text) => text.Append("<future>");

    readonly bool IWynValue.StructurallyEquals(object? other) => false;
}
