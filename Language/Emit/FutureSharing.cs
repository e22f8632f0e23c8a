using System.ComponentModel;
using System.Runtime.CompilerServices;
using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// Copying a Wyn future that has not been awaited yet (<c>var g = f</c>, passing <c>f</c> to a function)
/// must not leave two holders of one consume-once engine handle. Before such a copy the emitter calls
/// <see cref="Share"/>: the handle in the original storage is swapped for a preserved (multi-await)
/// handle and the copy gets the same one, so both can be awaited and see the same value. Futures that
/// are only awaited in place (the common case, and W1) never pay for this.
/// Public only because generated code calls it.
/// </summary>
/// <remarks>
/// <see cref="WynFuture{T}"/> belongs to the runtime and keeps its handle private; the accessor below
/// reaches it without widening the runtime's public API. A rename there fails the sharing tests.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FutureSharing<T>
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "handle")]
    private static extern ref Future<T> HandleOf(ref WynFuture<T> future);

    public static WynFuture<T> Share(ref WynFuture<T> source)
    {
        ref var handle = ref HandleOf(ref source);
        if (!handle.IsDefault)
        {
            handle = handle.Preserve(); // returns the same handle when it is already preserved
        }

        return source;
    }
}
