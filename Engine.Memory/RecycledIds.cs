namespace Wyn.Engine.Memory;

/// <summary>
/// Small integer ids that are handed back and reused, so that per-thread arrays indexed by them
/// ([ThreadStatic] state of pools and engines) stay short however many instances come and go.
/// </summary>
public sealed class RecycledIds
{
    /// <summary>Ids of live <see cref="SlabPool{T}"/> instances.</summary>
    public static readonly RecycledIds Pools = new();

    private readonly object _lock = new();
    private readonly SortedSet<int> _free = [];
    private int _next;

    /// <summary>Takes the smallest free id.</summary>
    public int Acquire()
    {
        lock (_lock)
        {
            if (_free.Count > 0)
            {
                int id = _free.Min;
                _free.Remove(id);
                return id;
            }
            return _next++;
        }
    }

    /// <summary>Gives an id back for reuse.</summary>
    public void Release(int id)
    {
        lock (_lock)
            _free.Add(id);
    }
}
