using System.Runtime.InteropServices;

namespace Wyn.Engine.Memory.Internal;

/// <summary>
/// A long alone on its cache line(s). Hot words written by many threads (the free-list head, the
/// queue counts) would otherwise share a 64-byte line with neighbours and make every write to one
/// of them invalidate the others ("false sharing"). 128 bytes covers adjacent-line prefetching.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public struct PaddedLong
{
    [FieldOffset(64)] public long Value;
}

/// <summary>An int alone on its cache line(s); see <see cref="PaddedLong"/>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public struct PaddedInt
{
    [FieldOffset(64)] public int Value;
}
