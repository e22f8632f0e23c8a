using System.Runtime.InteropServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// The shared counters of a <see cref="Channel"/>, each on its own cache line (64-byte lines, with a
/// line of padding before the first): senders write <see cref="Enqueue"/>, receivers write
/// <see cref="Dequeue"/>, and the sleeper counts change only around sleeps, so the fast paths of the
/// two sides never write the same line.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 4 * CacheLineSize)]
internal struct ChannelPositions
{
    private const int CacheLineSize = 64;

    /// <summary>The next send's position, plus the channel's closed bit.</summary>
    [FieldOffset(CacheLineSize)]
    public long Enqueue;

    /// <summary>The next receive's position.</summary>
    [FieldOffset(2 * CacheLineSize)]
    public long Dequeue;

    /// <summary>Senders registered as asleep (written under the senders' gate, ChannelSleepers; read by receivers after every receive).</summary>
    [FieldOffset(3 * CacheLineSize)]
    public int SleepingSenders;

    /// <summary>Receivers registered as asleep (written under the receivers' gate; read by senders after every send).</summary>
    [FieldOffset(3 * CacheLineSize + 4)]
    public int SleepingReceivers;
}
