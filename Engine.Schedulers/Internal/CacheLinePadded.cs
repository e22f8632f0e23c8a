using System.Runtime.InteropServices;

namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// An int alone on its cache line. Hot counters written by different threads (a deque's top and
/// bottom, the idle word) would otherwise share a 64-byte line, and every write by one thread would
/// evict the line from the others' caches ("false sharing"). 128 bytes because adjacent-line
/// prefetchers on x64 pull lines in pairs.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * CacheLineSize)]
internal struct CacheLinePaddedInt32
{
    public const int CacheLineSize = 64;

    [FieldOffset(CacheLineSize)]
    public int Value;
}
