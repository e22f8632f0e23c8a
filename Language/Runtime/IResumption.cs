namespace Wyn.Language.Runtime;

/// <summary>
/// Something suspended whose resumptions go through <see cref="ResumptionRescue"/>: each one is
/// numbered (1, 2, 3 … for an object resumed many times) and claimed exactly once, by the engine's
/// queued item or by the rescue, whichever comes first.
/// </summary>
internal interface IResumption
{
    /// <summary>Claims resumption <paramref name="use"/>: true for the first caller only, and never for an earlier number once a later one was claimed.</summary>
    bool TryClaim(int use);

    /// <summary>True once resumption <paramref name="use"/> (or a later one) was claimed.</summary>
    bool IsClaimed(int use);

    /// <summary>Runs the claimed resumption.</summary>
    void Resume();
}
