using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// Which element each thread is placing a task's value into right now (decision 0009, session-12
/// section): a task announces the element here with plain stores before it looks whether the element
/// was detached, so that it needs no atomic instruction to claim it. A detacher (a <c>Set</c> or
/// <c>pop</c> of a pending element) marks the element first, then makes every thread's announcement
/// visible with a process-wide barrier, and waits for a task it finds announcing that very element.
/// </summary>
/// <remarks>
/// Why this is enough: take the point at which the barrier reaches the task's thread. If the task
/// read the element's claimed bit before that point, its announcement (stored earlier in program
/// order) was visible at the barrier, and the detacher waits until the task has placed its value
/// and withdrawn. If it read the bit after that point, it saw the detacher's mark and leaves the
/// element alone. The barrier costs microseconds, once per detach of a pending element, which
/// programs rarely do; the task's side costs a thread-static read and three plain stores.
/// </remarks>
internal static class InPlaceWriters
{
    [ThreadStatic] private static Writer? t_mine;

    private static readonly Lock s_gate = new();
    private static Writer[] s_all = [];

    /// <summary>One thread's announcement: the array and the position whose value it is placing.</summary>
    internal sealed class Writer
    {
        public object? Array;
        public int Position;
    }

    /// <summary>Announces that the calling thread places a value into <paramref name="array"/> at <paramref name="position"/>; plain stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Writer Announce(object array, int position)
    {
        Writer writer = t_mine ?? Register();
        writer.Position = position;
        Volatile.Write(ref writer.Array, array);
        return writer;
    }

    /// <summary>Ends the announcement: the value is placed, or the element was found detached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Withdraw(Writer writer) => Volatile.Write(ref writer.Array, null);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Writer Register()
    {
        var writer = new Writer();
        lock (s_gate)
        {
            Volatile.Write(ref s_all, [.. s_all, writer]);
        }

        t_mine = writer;
        return writer;
    }

    /// <summary>
    /// Detacher side, after it marked the element and ran a process-wide barrier: waits while some
    /// thread announces that it is placing a value into <paramref name="array"/> at
    /// <paramref name="position"/> (a few stores; longer only if that thread is descheduled).
    /// </summary>
    public static void WaitWhileAnyPlaces(object array, int position)
    {
        foreach (Writer writer in Volatile.Read(ref s_all))
        {
            var spinner = default(SpinWait);
            while (ReferenceEquals(Volatile.Read(ref writer.Array), array) && Volatile.Read(ref writer.Position) == position)
            {
                spinner.SpinOnce();
            }
        }
    }
}
