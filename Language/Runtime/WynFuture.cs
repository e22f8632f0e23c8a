using System.Runtime.CompilerServices;
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

    /// <summary><c>await f</c> on storage only the calling task can reach (a local, a parameter, a temporary); see the type remarks and the README for the main-thread behaviour.</summary>
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

    /// <summary>
    /// In the resumable version of a function (decision 0013), before <see cref="Await"/> or
    /// <see cref="AwaitShared"/>: completes once the work of <paramref name="handle"/> (read with
    /// <see cref="HandleOf"/>) has finished, suspending the task meanwhile instead of blocking its
    /// thread. Already finished, already awaited, or changed under this look by another task (a global
    /// copied or awaited at once): completed at once, and the await that follows handles it as it
    /// always did. The handle comes by value: the runtime calls an awaited method through a variant
    /// that may suspend, and such a variant cannot take a reference (InvalidProgramException).
    /// </summary>
    public static ValueTask WhenFinished(WynContext ctx, Future<T> handle)
    {
        try
        {
            return handle.IsDefault || handle.IsCompleted ? default : SuspendedAwait.WhenFinished(ctx, handle);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>The engine handle stored at <paramref name="future"/>, read in one load (default once awaited in place).</summary>
    public static Future<T> HandleOf(ref WynFuture<T> future) => ReadHandle(ref future);

    /// <summary><c>await g</c> on storage several tasks may reach at once: a global future.</summary>
    /// <remarks>
    /// Safe against tasks awaiting or copying the same global at once, as <see cref="WynFutureArray{T}"/>
    /// is for elements: the handle is read once; whoever loses the race for it (another awaiter
    /// consumed it, or a copy preserved it first) gets the engine's stale-handle error and re-reads
    /// the storage instead, where the winner stores the value (result first, then the handle cleared,
    /// in that order) or the preserved handle. Locals keep <see cref="Await"/>: no try region there,
    /// which keeps W2 and W5 (a local future per spawn) as fast as they were (docs/guarantees.md).
    /// </remarks>
    public static T AwaitShared(WynContext ctx, ref WynFuture<T> future)
    {
        Future<T> handle = ReadHandle(ref future);
        if (handle.IsDefault)
        {
            return future.result;
        }

        T value;
        try
        {
            value = AwaitHandle(ctx, handle);
        }
        catch (InvalidOperationException) when (ctx.Failure is null)
        {
            return AwaitAfterLostRace(ctx, ref future, handle);
        }

        future.result = value;
        ClearHandle(ref future);
        ctx.ThrowIfFailed();
        return value;
    }

    /// <summary>How long a thread that lost the race for a shared future waits for the winner's store (microseconds away).</summary>
    private const int OtherHolderPatienceMilliseconds = 2000;

    private static T AwaitAfterLostRace(WynContext ctx, ref WynFuture<T> future, Future<T> tried)
    {
        long deadline = Environment.TickCount64 + OtherHolderPatienceMilliseconds;
        var spinner = default(SpinWait);
        while (true)
        {
            ctx.ThrowIfFailed();
            Future<T> now = ReadHandle(ref future);
            if (now.IsDefault)
            {
                return future.result;   // the winner stored the value
            }

            if (!SameHandle(now, tried))
            {
                return AwaitShared(ctx, ref future);   // a copy preserved it meanwhile: await the preserved handle
            }

            if (Environment.TickCount64 >= deadline)
            {
                throw new InvalidOperationException("a shared future was consumed by another task but its value never arrived");
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>The handle, read in one 8-byte load (after which <see cref="result"/> is safe to read if it is default).</summary>
    private static Future<T> ReadHandle(ref WynFuture<T> future)
    {
        long bits = Volatile.Read(ref Unsafe.As<Future<T>, long>(ref future.handle));
        return Unsafe.As<long, Future<T>>(ref bits);
    }

    /// <summary>Clears the handle after the value was stored in <see cref="result"/> (a release store: readers that see it cleared see the value).</summary>
    private static void ClearHandle(ref WynFuture<T> future) =>
        Volatile.Write(ref Unsafe.As<Future<T>, long>(ref future.handle), 0L);

    /// <summary>Bitwise equality of two handles (the same slot and generation).</summary>
    internal static bool SameHandle(Future<T> a, Future<T> b) =>
        Unsafe.As<Future<T>, long>(ref a) == Unsafe.As<Future<T>, long>(ref b);

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
        long deadline = 0;
        var spinner = default(SpinWait);
        while (true)
        {
            Future<T> seen = ReadHandle(ref future);
            if (seen.IsDefault)
            {
                return FromValue(future.result);   // awaited already: the copy is the value
            }

            try
            {
                Future<T> preserved = seen.Preserve();   // the same handle when it is already preserved
                if (!SameHandle(preserved, seen))
                {
                    // Only the Preserve that made a new handle writes it back: a holder whose handle
                    // was preserved already must not write it over a value another task stored since
                    // (the same rule as WynFutureArray.Get).
                    Volatile.Write(ref Unsafe.As<Future<T>, long>(ref future.handle), Unsafe.As<Future<T>, long>(ref preserved));
                }

                return new WynFuture<T>(preserved);
            }
            catch (InvalidOperationException)
            {
                // Tasks sharing the storage (a global) copy or await it at once: the winner is about
                // to store the preserved handle or the value. Read the storage again.
                long now = Environment.TickCount64;
                if (deadline == 0)
                {
                    deadline = now + OtherHolderPatienceMilliseconds;
                }
                else if (now >= deadline)
                {
                    throw;
                }

                spinner.SpinOnce();
            }
        }
    }

    readonly void IWynValue.AppendTo(StringBuilder text) => text.Append("<future>");

    readonly bool IWynValue.StructurallyEquals(object? other) => false;
}
