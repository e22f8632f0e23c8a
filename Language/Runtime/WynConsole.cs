namespace Wyn.Language.Runtime;

/// <summary>
/// <c>print</c> / <c>println</c>. Each call builds its whole text first and writes it with one
/// <c>Write</c> under the program's output lock, so lines from concurrent tasks never mix.
/// </summary>
public static class WynConsole
{
    public static void Println(WynContext ctx, string text) => Write(ctx, string.Concat(text, "\n"));

    /// <summary><paramref name="parts"/> are already formatted; joined with <paramref name="sep"/>, then <paramref name="end"/>.</summary>
    public static void Print(WynContext ctx, string[] parts, string sep, string end) => Write(ctx, string.Concat(string.Join(sep, parts), end));

    public static void Flush(WynContext ctx)
    {
        lock (ctx.OutputGate)
        {
            ctx.Out.Flush();
        }
    }

    private static void Write(WynContext ctx, string text)
    {
        lock (ctx.OutputGate)
        {
            ctx.Out.Write(text);
        }
    }
}
