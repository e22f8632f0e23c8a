namespace Wyn.Host.Bench;

/// <summary>How one run ended.</summary>
internal enum RunStatus
{
    /// <summary>Finished with the right checksum; its time counts.</summary>
    Ok,

    /// <summary>Finished with a wrong checksum: a failure (a fast wrong answer is not a result).</summary>
    WrongChecksum,

    /// <summary>Did not finish within the experiment's timeout: a hang, reported as a failure.</summary>
    Timeout,

    /// <summary>Threw (e.g. a task failed): a failure.</summary>
    Error,

    /// <summary>Not run: the workload needs concurrent tasks and the strategy runs every spawn at its spawn site.</summary>
    NotApplicable,

    /// <summary>Not run: an earlier repetition of the same cell hung; its threads may still be stuck.</summary>
    SkippedAfterTimeout,
}

/// <summary>What one run did.</summary>
/// <param name="Run">The planned run.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Milliseconds">Time of the timed section (spawn to last await), or NaN when it did not finish.</param>
/// <param name="Checksum">What the run returned, when it finished.</param>
/// <param name="Expected">The right checksum.</param>
/// <param name="Message">Why it failed or was not run; for a run that was fine, empty, or why its time may be slow (<see cref="TimedBesideAHang"/>).</param>
internal sealed record RunResult(PlannedRun Run, RunStatus Status, double Milliseconds, long? Checksum, long Expected, string Message)
{
    public MatrixCell Cell => Run.Cell;

    public bool IsFailure => Status is RunStatus.WrongChecksum or RunStatus.Timeout or RunStatus.Error;

    /// <summary>Finished fine while a hung run's threads still ran: the only case in which an ok run has a message (BenchRunner).</summary>
    public bool TimedBesideAHang => Status == RunStatus.Ok && Message.Length > 0;

    /// <summary>Operations per second (tasks, spawns, items or round trips), or NaN.</summary>
    public double Throughput => Status == RunStatus.Ok ? Cell.Workload.OperationsIn(Cell.Size) / (Milliseconds / 1000.0) : double.NaN;
}
