namespace Wyn.Engine;

/// <summary>
/// The state word of a <see cref="FutureCell{T}"/>: a phase in the low bits plus flags that
/// awaiters set while the work is not finished. All transitions are compare-and-swap on one int,
/// so "completer finishes" and "awaiter registers" can never both miss each other.
/// </summary>
internal static class CellState
{
    public const int PhaseMask = 0b111;
    public const int Free = 0;        // in the pool
    public const int Pending = 1;     // queued, not claimed
    public const int Running = 2;     // claimed by a worker or an awaiter
    public const int Succeeded = 3;
    public const int Faulted = 4;
    public const int Cancelled = 5;

    public const int HasContinuation = 1 << 3;  // an async continuation is stored in the cell
    public const int HasWaiter = 1 << 4;        // a thread waits on the cell's monitor

    public static bool IsFinished(int state) => (state & PhaseMask) >= Succeeded;
}
