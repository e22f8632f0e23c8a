using Wyn.Language.Binding;
using Wyn.Language.Emit;
using Wyn.Language.Parsing;
using Wyn.Language.Syntax;

namespace Wyn.Language;

/// <summary>The compiler facade: source text in, diagnostics and a runnable program out.</summary>
public static class WynCompiler
{
    /// <summary>
    /// Stack for the compiler thread. The parser caps nesting, but recursive phases over long operator
    /// chains still need depth; a big reserved stack (committed lazily) keeps them away from overflow.
    /// </summary>
    private const int CompilerStackBytes = 256 * 1024 * 1024;

    /// <summary>Compiles a Wyn program. Never throws: every problem is a diagnostic.</summary>
    public static Compilation Compile(string source, string path) => Compile(source, path, WynCompileOptions.Default);

    /// <summary>Compiles a Wyn program with explicit options. Never throws: every problem is a diagnostic.</summary>
    public static Compilation Compile(string source, string path, WynCompileOptions options)
    {
        options ??= WynCompileOptions.Default;
        source ??= string.Empty;
        path ??= "<input>";
        Compilation? compilation = null;
        var thread = new Thread(() => compilation = CompileSafely(source, path, options), CompilerStackBytes)
        {
            Name = "wyn-compiler",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        return compilation!;
    }

    private static Compilation CompileSafely(string text, string path, WynCompileOptions options)
    {
        var source = new SourceText(text, path);
        var diagnostics = new DiagnosticBag(source);
        try
        {
            // The binder runs even after syntax errors: recovery left a usable tree, and WYN-CORE §8 wants
            // every error of the file reported, not only the syntax ones.
            var unit = SyntaxParser.Parse(source, diagnostics);
            var program = Binder.Bind(unit, diagnostics);
            if (diagnostics.Count > 0)
            {
                return new Compilation(diagnostics.ToSortedList(), null);
            }

            var emitted = Emitter.Emit(program, source, options.Collectible, options.SuspendingTasks);
            return new Compilation([], new WynProgram(path, emitted));
        }
        catch (WynLimitException limit)
        {
            diagnostics.ReportSyntaxError(limit.Span, limit.Message);
            return new Compilation(diagnostics.ToSortedList(), null);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A compiler bug must still not escape as an exception: report it at the start of the file.
            diagnostics.ReportSyntaxError(new TextSpan(0, 0), $"internal compiler error: {error.GetType().Name}: {error.Message}");
            return new Compilation(diagnostics.ToSortedList(), null);
        }
    }
}
