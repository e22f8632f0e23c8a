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
    // A plain list (a few ids at most; the smallest found by a scan): List<int> is precompiled in
    // the framework, where SortedSet<int> was JIT-compiled method by method at every program start.
    private readonly List<int> _free = [];
    private int _next;

    /// <summary>Takes the smallest free id.</summary>
    public int Acquire()
    {
        lock (_lock)
        {
            if (_free.Count > 0)
            {
                int smallest = 0;
                for (int i = 1; i < _free.Count; i++)
                {
                    if (_free[i] < _free[smallest])
                        smallest = i;
                }
                int id = _free[smallest];
                _free[smallest] = _free[^1];
                _free.RemoveAt(_free.Count - 1);
                return id;
            }
            return _next++;
        }
    }

    /// <summary>Gives an id back for reuse.</summary>
    public void Release(int id)
    {
        lock (_lock)
        {
            if (!_free.Contains(id))
                _free.Add(id);
        }
    }
}
