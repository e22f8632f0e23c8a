using System.Diagnostics;
using CsCheck;

namespace Wyn.Language.Tests.Compiler;

/// <summary>
/// Property tests: whatever text comes in (truncated, mutated, random, absurdly nested), Compile
/// returns diagnostics or a program within a time bound, and no exception escapes or is caught as an
/// internal compiler error.
/// </summary>
public sealed class CompilerRobustnessTests
{
    // Generous because CI machines are shared; a parser regression (exponential backtracking) blows far past it.
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(30);

    private static readonly string[] Seeds =
    [
        """
        fn fib(n: int) -> int {
            if n < 2 { return n }
            var a = spawn fib(n - 1)
            var b = fib(n - 2)
            return await a + b
        }
        fn main() { println(fib(10)) }
        """,
        """
        const N = 10
        var total = 0
        fn producer(ch: int) { for i in 0..N { ch.send("v${i * 2}") } ch.close() }
        fn main() -> int {
            var ch = channel(2)
            spawn producer(ch)
            var xs: [string] = []
            var got = ch.recv()
            while got != "" { xs.push(got); got = ch.recv() }
            println(xs.join(","), len(xs), xs[-1].upper())
            var c = Shared.new(0)
            Shared.add(c, 1)
            return total > 3 ? 1 : 0
        }
        """,
        """
        fn sign(x: int) -> int { if x > 0 { 1 } else if x < 0 { -1 } else { 0 } }
        var ys = [1.5, 2, 3e-2]
        for i, y in ys { print(i, y, sep: "=", end: ";") }
        var s = 'it\'s ${sign(-3)} \x41'
        x = s.len() * 2 % 7 / 1
        x += 1; x--
        println(x, s.substring(0, 2), Math.sqrt(2.0), not true || false && !false)
        """,
    ];

    private const string Alphabet = "abcdefnrtvxyz0123456789_ (){}[]<>=+-*/%!?:;,.\"'$\\\n\t#@&|";

    private static readonly string[] Fragments =
    [
        "fn", "var", "const", "if", "else", "while", "for", "in", "..", "..=", "return", "spawn", "await", "{", "}", "(", ")",
        "[", "]", "=", "==", "<", "and", "or", "not", "\"", "${", "'", "//", "/*", "*/", ";", ",", "->", "=>", "struct", "let", "x", "1",
    ];

    private static void AssertCompilesCleanly(string source)
    {
        var watch = Stopwatch.StartNew();
        var compilation = WynCompiler.Compile(source, "p.wyn");
        watch.Stop();
        Assert.True(watch.Elapsed < TimeBound, $"compile took {watch.Elapsed} for:\n{source}");
        Assert.Equal(compilation.Success, compilation.Program is not null);
        foreach (var diagnostic in compilation.Diagnostics)
        {
            Assert.DoesNotContain("internal compiler error", diagnostic.Message, StringComparison.Ordinal);
            Assert.True(diagnostic.Line >= 1 && diagnostic.Column >= 1, diagnostic.ToString());
            Assert.False(string.IsNullOrEmpty(diagnostic.ToString()));
        }
    }

    [Fact]
    public void Seed_programs_compile()
    {
        foreach (var seed in Seeds)
        {
            var compilation = WynCompiler.Compile(seed, "seed.wyn");
            Assert.True(compilation.Success, string.Join("\n", compilation.Diagnostics));
        }
    }

    [Fact]
    public void Truncated_programs_never_throw() =>
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 2000])
            .Sample((seed, cut) => AssertCompilesCleanly(Seeds[seed][..Math.Min(cut, Seeds[seed].Length)]), iter: 150, threads: 1);

    [Fact]
    public void Programs_with_mutated_characters_never_throw() =>
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 2000], Gen.Int[0, Alphabet.Length - 1]).Array[1, 8])
            .Sample(
                (seed, edits) =>
                {
                    var text = Seeds[seed].ToCharArray();
                    foreach (var (position, replacement) in edits)
                    {
                        text[position % text.Length] = Alphabet[replacement];
                    }

                    AssertCompilesCleanly(new string(text));
                },
                iter: 150,
                threads: 1);

    [Fact]
    public void Programs_with_swapped_and_inserted_tokens_never_throw() =>
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 2000], Gen.Int[0, Fragments.Length - 1]).Array[1, 6])
            .Sample(
                (seed, inserts) =>
                {
                    var text = Seeds[seed];
                    foreach (var (position, fragment) in inserts)
                    {
                        var at = position % (text.Length + 1);
                        text = text[..at] + " " + Fragments[fragment] + " " + text[at..];
                    }

                    AssertCompilesCleanly(text);
                },
                iter: 150,
                threads: 1);

    [Fact]
    public void Random_text_never_throws() =>
        Gen.Int[0, Alphabet.Length - 1].Array[0, 300]
            .Select(indexes => new string(indexes.Select(i => Alphabet[i]).ToArray()))
            .Sample(AssertCompilesCleanly, iter: 200, threads: 1);

    [Fact]
    public void Random_unicode_and_control_characters_never_throw() =>
        Gen.Int[0, 0xFFFF].Array[0, 200]
            .Select(codes => new string(codes.Select(c => (char)c).ToArray()))
            .Sample(AssertCompilesCleanly, iter: 100, threads: 1);

    [Fact]
    public void Deeply_nested_programs_never_throw() =>
        Gen.Select(Gen.Int[1, 20_000], Gen.Int[0, 5])
            .Sample(
                (depth, shape) =>
                {
                    var source = shape switch
                    {
                        0 => "var x = " + new string('(', depth) + "1" + new string(')', depth),
                        1 => "var x = " + new string('[', depth) + new string(']', depth),
                        2 => "fn main() " + new string('{', depth) + new string('}', depth) + " }",
                        3 => "var x = " + string.Concat(Enumerable.Repeat("not ", depth)) + "true",
                        4 => "var x = 1" + string.Concat(Enumerable.Repeat(" * 1", depth)),
                        _ => string.Concat(Enumerable.Repeat("if true ", Math.Min(depth, 3000))) + "println(1)",
                    };
                    AssertCompilesCleanly(source);
                },
                iter: 40,
                threads: 1);

    /// <summary>
    /// Sweep 9: programs past the .NET runtime's size limits were internal compiler errors at 1:1.
    /// Each is a compile error at the construct that crosses the limit, naming it.
    /// </summary>
    [Theory]
    [InlineData("locals")]
    [InlineData("globals")]
    [InlineData("strings")]
    public void Programs_past_the_runtimes_size_limits_get_an_error_naming_the_limit(string limit)
    {
        var source = new System.Text.StringBuilder();
        string expected;
        int line;
        switch (limit)
        {
            case "locals":
                source.AppendLine("fn main() {");
                for (int i = 0; i < 66_000; i++)
                    source.AppendLine($"  {{ var v = {i} }}");
                source.AppendLine("}");
                expected = "too many local variables in one function";
                line = 65_002;
                break;
            case "globals":
                for (int i = 0; i < 66_000; i++)
                    source.AppendLine($"var v{i} = {i}");
                expected = "too many global variables";
                line = 65_001;
                break;
            default:
                for (int i = 0; i < 2_000; i++)
                    source.AppendLine($"var s{i} = \"{new string((char)('a' + (i % 26)), 5_000)}{i}\"");
                expected = "too much text in string constants";
                line = 1_600;
                break;
        }

        var compilation = WynCompiler.Compile(source.ToString(), "big.wyn");

        Assert.False(compilation.Success);
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("limit of the .NET runtime", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(line, diagnostic.Line);
    }
}
