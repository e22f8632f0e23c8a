namespace Wyn.Language.Runtime;

/// <summary>
/// <c>Shared.new/get/set/add/sub</c>: atomic int cells addressed by plain int handles, the sanctioned
/// way for tasks to share a counter. <c>add</c> and <c>sub</c> return the previous value.
/// </summary>
public static class WynShared
{
    public static long New(WynContext ctx, long initial) => ctx.Handles.Add(new SharedCell(initial));

    public static long Get(WynContext ctx, long cell, int line) => Interlocked.Read(ref Resolve(ctx, cell, line).Value);

    public static void Set(WynContext ctx, long cell, long value, int line) => Interlocked.Exchange(ref Resolve(ctx, cell, line).Value, value);

    public static long Add(WynContext ctx, long cell, long delta, int line) => Interlocked.Add(ref Resolve(ctx, cell, line).Value, delta) - delta;

    public static long Sub(WynContext ctx, long cell, long delta, int line) => Interlocked.Add(ref Resolve(ctx, cell, line).Value, -delta) + delta;

    private static SharedCell Resolve(WynContext ctx, long id, int line) =>
        ctx.Handles.Get(id) as SharedCell ?? throw new WynPanicException($"invalid Shared handle {id}", line);
}
