namespace Wyn.Perf.Peers;

/// <summary>
/// W3's per-task work, exactly as Wyn's C# runner defines it (Host/Bench/Workloads/UnevenFanOut.cs):
/// task i starts from acc = i and applies a 64-bit LCG step i % 1000 times, so the cheapest and the
/// dearest task differ 1000x. Shared by both W3 baselines and the reference checksum.
/// </summary>
internal static class UnevenWork
{
    private const long Multiplier = 6364136223846793005;
    private const long Increment = 1442695040888963407;
    private const long Period = 1000;

    /// <summary>
    /// The low 16 bits of the final state. Every step depends on the one before and the result is
    /// summed into the checksum, so the JIT can neither skip nor collapse the loop.
    /// </summary>
    public static long Task(long i)
    {
        long acc = i;
        long rounds = i % Period;
        for (long k = 0; k < rounds; k++)
        {
            acc = unchecked((acc * Multiplier) + Increment);
        }
        return acc & 0xFFFF;
    }
}
