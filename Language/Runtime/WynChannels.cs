using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// <c>channel(cap)</c>, <c>ch.send(v)</c>, <c>ch.recv()</c>, <c>ch.close()</c> (also spelled
/// <c>Task.channel/send/recv/close</c>). Channels are plain int handles into the program's table.
/// </summary>
/// <remarks>
/// Send and receive are inlined into the emitted Wyn code, down to the ring's fast path
/// (<see cref="Channel"/>): emitted functions are compiled once, fully optimized, without the
/// profile-guided tier that would otherwise inline these calls, and a call per layer cost more than
/// the ring itself (1M sends + 1M receives on one thread: 53 ms → 21 ms;
/// docs/decisions/0003-channels.md).
/// </remarks>
public static class WynChannels
{
    public static long New(WynContext ctx, long capacity, int line)
    {
        if (capacity < 1 || capacity > Array.MaxLength)
        {
            throw new WynPanicException($"channel capacity must be at least 1 (got {capacity})", line);
        }

        return ctx.Handles.Add(static (id, size) => new Channel(id, size), (int)capacity);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Send<T>(WynContext ctx, long channel, T value, int line) => Resolve(ctx, channel, line).Send(ctx, value, line);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Recv<T>(WynContext ctx, long channel, int line) => Resolve(ctx, channel, line).Recv<T>(ctx, line);

    /// <summary>Send from a task that suspends instead of blocking its thread (Channel.Suspending.cs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask SendSuspending<T>(WynContext ctx, long channel, T value, int line) => Resolve(ctx, channel, line).SendSuspending(ctx, value, line);

    /// <summary>Receive from a task that suspends instead of blocking its thread (Channel.Suspending.cs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<T> RecvSuspending<T>(WynContext ctx, long channel, int line) => Resolve(ctx, channel, line).RecvSuspending<T>(ctx, line);

    public static void Close(WynContext ctx, long channel, int line) => Resolve(ctx, channel, line).Close(ctx);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Channel Resolve(WynContext ctx, long id, int line) =>
        ctx.Handles.Get(id) as Channel ?? throw new WynPanicException($"invalid channel handle {id}", line);
}
