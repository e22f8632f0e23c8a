namespace Wyn.Engine.Memory;

/// <summary>A snapshot of a pool's counters. Exact when the pool is quiescent; approximate while it is in use.</summary>
public readonly record struct SlabPoolCounters(
    long Rented,
    long Returned,
    long ChunksAllocated,
    long ChunksRetired,
    long ItemsReleased,
    int SharedFree)
{
    /// <summary>Items rented and not yet returned.</summary>
    public long Outstanding => Rented - Returned;

    /// <summary>Chunks currently alive.</summary>
    public long LiveChunks => ChunksAllocated - ChunksRetired;
}
