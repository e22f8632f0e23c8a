namespace Wyn.Language.Runtime;

/// <summary>
/// Maps Wyn handles (plain ints, from 1 up) to channels and Shared cells. One id space serves both
/// kinds, so using a channel handle as a Shared handle (or the reverse) is detected instead of silently
/// touching another object. Lookups take no lock: slots are written before their id is handed out and
/// the slot array is only replaced (grown) under the lock, then published.
/// </summary>
internal sealed class HandleTable
{
    private readonly Lock gate = new();
    private object?[] slots = new object?[16];
    private int lastId;

    public long Add(object item) => Add(static (_, state) => state, item);

    /// <summary>Adds the item made by <paramref name="create"/>, which receives the new id.</summary>
    public long Add<TState>(Func<long, TState, object> create, TState state)
    {
        lock (gate)
        {
            int id = lastId + 1;
            object item = create(id, state);
            if (id == slots.Length)
            {
                var grown = new object?[slots.Length * 2];
                Array.Copy(slots, grown, slots.Length);
                Volatile.Write(ref slots, grown);
            }

            slots[id] = item;
            Volatile.Write(ref lastId, id);
            return id;
        }
    }

    public object? Get(long id)
    {
        object?[] current = Volatile.Read(ref slots);
        return (ulong)id < (ulong)current.Length ? current[id] : null;
    }

    /// <summary>Snapshot of every channel created so far.</summary>
    public IEnumerable<Channel> Channels()
    {
        object?[] current = Volatile.Read(ref slots);
        int count = Math.Min(Volatile.Read(ref lastId), current.Length - 1);
        for (int id = 1; id <= count; id++)
        {
            if (current[id] is Channel channel)
            {
                yield return channel;
            }
        }
    }
}
