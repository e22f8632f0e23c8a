using System.Runtime.InteropServices;

namespace Wyn.Host.Bench.Workloads;

/// <summary>
/// One side of a <see cref="BoundedBlockingChannel{T}"/>: its position and its cached view of the other
/// side's, alone on their cache line (64-byte lines, a line of padding before and after), so the
/// sending and the receiving thread never write the same line. (A separate type because a struct
/// nested in a generic class is generic, and generic types cannot have an explicit layout.)
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 3 * CacheLineSize)]
internal struct ChannelSidePosition
{
    private const int CacheLineSize = 64;

    /// <summary>This side's position as the other side may read it (release writes).</summary>
    [FieldOffset(CacheLineSize)]
    public long Published;

    /// <summary>This side's position (only this side reads or writes it).</summary>
    [FieldOffset(CacheLineSize + 8)]
    public long Position;

    /// <summary>The last value of the other side's <see cref="Published"/> this side read.</summary>
    [FieldOffset(CacheLineSize + 16)]
    public long CachedOther;
}
