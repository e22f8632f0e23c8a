using System.ComponentModel;
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
/// The work is done by <see cref="WynFuture{T}.Share"/>, which also handles tasks copying and
/// awaiting one shared storage location (a global future) at once.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FutureSharing<T>
{
    /// <summary>See <see cref="WynFuture{T}.Share"/>: safe against tasks copying or awaiting the same storage (a global) at once.</summary>
    public static WynFuture<T> Share(ref WynFuture<T> source) => WynFuture<T>.Share(ref source);
}
