using System.Diagnostics;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// The two counts the idle protocol decides on, packed in one int so that a worker's transition
/// (say, "searching → parked") is a single atomic add and a producer reads both counts in one load:
/// low 16 bits, workers searching for work; high 16 bits, workers parked (or about to park).
/// </summary>
internal static class IdleWord
{
    public const int SearchingOne = 1;
    public const int ParkedOne = 1 << 16;
    private const int SearchingMask = ParkedOne - 1;

    /// <summary>The most workers (including compensation spares) the packing allows.</summary>
    public const int MaxThreads = SearchingMask;

    public static int Searching(int word) => word & SearchingMask;

    public static int Parked(int word) => (int)((uint)word >> 16);

    /// <summary>True when a producer must wake a sleeper: nobody is searching, so nobody would otherwise find new work.</summary>
    public static bool NeedsWake(int word) => Searching(word) == 0 && Parked(word) != 0;

    [Conditional("DEBUG")]
    public static void AssertValid(int word, int threads)
    {
        Debug.Assert(Searching(word) <= threads, "more searchers than threads");
        Debug.Assert(Parked(word) <= threads, "more parked than threads");
    }
}
