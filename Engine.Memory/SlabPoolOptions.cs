namespace Wyn.Engine.Memory;

/// <summary>Sizes of a <see cref="SlabPool{T}"/>. Every one is a constructor input so tests can shrink them to 2–4.</summary>
public sealed record SlabPoolOptions
{
    /// <summary>Items created together when the pool runs dry.</summary>
    public int ChunkSize { get; init; } = 4096;

    /// <summary>Items a thread keeps for itself before handing half of them to the shared free list.</summary>
    public int ThreadCacheSize { get; init; } = 256;

    /// <summary>
    /// Free items the shared list may hold. Returns beyond this cap are released to the garbage
    /// collector (their chunk is retired once all of its items are released), so a 10M burst does not
    /// pin its memory forever.
    /// </summary>
    public int RetainedLimit { get; init; } = 65_536;

    internal void Validate()
    {
        if (ChunkSize < 1) throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "ChunkSize must be at least 1.");
        if (ThreadCacheSize < 2) throw new ArgumentOutOfRangeException(nameof(ThreadCacheSize), ThreadCacheSize, "ThreadCacheSize must be at least 2.");
        if (RetainedLimit < 0) throw new ArgumentOutOfRangeException(nameof(RetainedLimit), RetainedLimit, "RetainedLimit must not be negative.");
    }
}
