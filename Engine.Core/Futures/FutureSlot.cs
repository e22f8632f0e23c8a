using System.Runtime.InteropServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// One future's completion record, stored by value in a slab chunk: 16 bytes for a <c>long</c>
/// result, so ten million outstanding futures cost 160 MB of contiguous memory rather than ten
/// million objects. Failures and continuations are rare and live in side tables keyed by slot id.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FutureSlot<T> : ISlabSlot<FutureSlot<T>>
{
    /// <summary>Slab-managed: even while free, odd while rented; bumped on every rent and return.</summary>
    public int Generation;

    /// <summary>See <see cref="SlotState"/>: phase, flags, and the id of the engine that spawned it.</summary>
    public int State;

    /// <summary>The value, once the phase is <see cref="SlotState.Succeeded"/>.</summary>
    public T Result;

    static ref int ISlabSlot<FutureSlot<T>>.Generation(ref FutureSlot<T> slot) => ref slot.Generation;
}

/// <summary>
/// Bits of <see cref="FutureSlot{T}.State"/>. Every change after rent is an atomic OR, so the
/// completer (sets a phase) and an awaiter (sets a flag) can never both miss each other: whoever
/// comes second sees the other's bits in the value its OR returns.
/// </summary>
internal static class SlotState
{
    public const int PhaseMask = 0b11;
    public const int Incomplete = 0;
    public const int Succeeded = 1;
    public const int Faulted = 2;
    public const int Cancelled = 3;

    public const int HasContinuation = 1 << 2;   // a continuation waits in the table's side dictionary
    public const int HasWaiter = 1 << 3;         // a thread waits on the slot's monitor stripe
    public const int Preserved = 1 << 4;         // awaiting does not consume: the handle stays valid
    public const int Completing = 1 << 5;        // a promise's completion was claimed

    public const int EngineShift = 8;            // bits 8..31: id of the engine that spawned the work

    public static int Phase(int state) => state & PhaseMask;

    public static int EngineId(int state) => (int)((uint)state >> EngineShift);
}
