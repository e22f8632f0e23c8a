namespace Wyn.Language.Runtime;

/// <summary>
/// One slot of a <see cref="Channel"/>'s ring: the value and the sequence number that says whose turn
/// the slot is (free for the send at position p when it is 2p; holding that send's value when 2p + 1).
/// </summary>
internal struct ChannelCell<T>
{
    public long Sequence;
    public T Value;
}
