namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// What workers that have left (retired compensation spares) did, kept so that a strategy's totals
/// stay whole after their threads are gone. Added to under the strategy's state lock.
/// </summary>
internal sealed class RetiredWorkerCounts
{
    public long Executed;
    public long Batches;
    public long Steals;
    public long Parks;

    public void Add(long executed, long batches, long steals, long parks)
    {
        Executed += executed;
        Batches += batches;
        Steals += steals;
        Parks += parks;
    }
}
