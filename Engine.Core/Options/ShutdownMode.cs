namespace Wyn.Engine;

/// <summary>What stopping the engine does with work that has not started.</summary>
public enum ShutdownMode
{
    /// <summary>Run everything queued (and whatever it spawns); return as soon as the engine is idle.</summary>
    Drain,

    /// <summary>Complete everything not yet started as cancelled; running work finishes.</summary>
    Cancel,
}
