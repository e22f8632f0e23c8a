namespace Wyn.Language.Tests.Compiler;

/// <summary>
/// Every compile error pinned to its LINE:COL (WYN-CORE §8). Each case lists all diagnostics the file
/// must produce, in order, as "LINE:COL: MESSAGE".
/// </summary>
public sealed class DiagnosticTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "var s: string = 1", ["1:17: type mismatch: expected string, found int"] },
        { "var f: float = 1", ["1:16: type mismatch: expected float, found int"] },
        { "const C = 1\nC = 2", ["2:1: cannot assign to constant 'C'"] },
        { "let x = 5", ["1:1: 'let' is not Wyn: use 'var' for a mutable variable or 'const' for a constant"] },
        { "fn main() {}\nprintln(1)", ["2:1: top-level statements are not allowed in a program that has 'fn main'; move them into main"] },
        { "var x = 5\nspawn x", ["2:7: 'spawn' needs a call of a top-level function, e.g. 'spawn f(x)'"] },
        { "spawn println(1)", ["1:7: 'spawn' needs a top-level function; 'println' is not one"] },
        { "var x = await 5", ["1:15: 'await' needs a Future, found int"] },
        {
            "var g = 0\nfn worker() { g = 1 }\nfn main() { spawn worker() }",
            ["2:15: cannot write global 'g' in 'worker', which runs in spawned tasks; use Shared or a channel"]
        },
        {
            "var g = 0\nfn helper() { g += 1 }\nfn worker() -> int { helper(); return 1 }\nfn main() { var f = spawn worker() }",
            ["2:15: cannot write global 'g' in 'helper', which runs in spawned tasks; use Shared or a channel"]
        },
        { "fn f(x: int) -> int {\n    if x > 0 { return 1 }\n}", ["3:1: function 'f' must return a value of type int on every path"] },
        { "var b = 1 < 2 < 3", ["1:9: comparisons cannot be chained: write 'a < b and b < c'"] },
        { "fn f(a: int) -> int { return a }\nvar x = f(1, 2)", ["2:9: 'f' takes 1 argument, but 2 were given"] },
        { "var x = nope(1)", ["1:9: undefined function 'nope'"] },
        { "println(y)", ["1:9: undefined variable 'y'"] },
        { "if false {} else if true { var y = 2 }\nprintln(y)", ["2:9: undefined variable 'y'"] },
        { "var x = 1 + \"a\" - 2", ["1:17: operator '-' cannot be applied to string and int"] },
        { "if 1 { }", ["1:4: condition must be bool, found int"] },
        { "break", ["1:1: 'break' outside a loop"] },
        { "fn f() { return 1 }", ["1:17: function 'f' does not return a value; remove the value or declare '-> T'"] },
        { "var xs = []", ["1:10: cannot infer the element type of '[]': push an element or annotate it, e.g. 'var xs: [int] = []'"] },
        { "var x: Foo = 1", ["1:8: unknown type 'Foo'"] },
        { "var x = 1\nvar x = 2", ["2:5: 'x' is already declared in this scope"] },
        { "fn f() {}\nfn f() {}", ["2:4: function 'f' is already defined"] },
        { "fn main(x: int) {}", ["1:9: invalid 'main': main takes no parameters"] },
        { "var s = \"abc", ["1:9: unterminated string literal"] },
        { "var x = 1 @ 2", ["1:11: unexpected character '@'"] },
        { "var x = (1 + 2", ["1:15: expected ')', found end of file"] },
        { "fn main() {\n    println(1)\n", ["3:1: expected '}' to close the '{' on line 1, found end of file"] },
        {
            "var a = 1 +\nvar b = )\nvar c = 3 *",
            ["2:1: expected expression, found 'var'", "2:9: expected expression, found ')'", "3:12: expected expression, found end of file"]
        },
        { "struct P { x: int }", ["1:1: structs are not supported yet"] },
        { "enum Color { Red }", ["1:1: enums are not supported yet"] },
        { "match x { }", ["1:1: match expressions are not supported yet"] },
        { "import foo", ["1:1: modules and import are not supported yet"] },
        { "var f = fn(x: int) => x", ["1:9: lambdas are not supported yet"] },
        { "var m = {\"a\": 1}", ["1:9: map literals are not supported yet"] },
        { "var t = (1, 2)", ["1:9: tuples are not supported yet"] },
        { "var xs = [1, 2]\nvar s = xs[0:1]", ["2:9: slices are not supported yet"] },
        { "var xs = [x for x in y]", ["1:10: list comprehensions are not supported yet"] },
        { "fn id<T>(x: T) -> T { return x }", ["1:6: generics are not supported yet"] },
        { "defer f()", ["1:1: defer statements are not supported yet"] },
        { "var x = Some(1)", ["1:9: optionals (Some/None) are not supported yet"] },
        { "fn f() {\n    fn g() {}\n}", ["2:8: nested functions are not supported yet: declare 'g' at the top level"] },
        { "var x = 1\nx()", ["2:1: this expression cannot be called"] },
        { "var s = \"a\".nope()", ["1:13: string has no method 'nope'"] },
        { "var x = Math.nope(1)", ["1:14: 'Math' has no member 'nope'"] },
        { "println(1, bad: 2)", ["1:12: 'println' has no named argument 'bad'"] },
        { "var ch = channel(1)\nch.send([1])", ["2:9: type mismatch: expected int, float, bool or string, found [int]"] },
        { "var x = \"${}\"", ["1:10: empty interpolation '${}'"] },
        { "var x = 99999999999999999999", ["1:9: integer literal '99999999999999999999' is out of range for int (64-bit)"] },
        { "var x = 0x\nvar y = 0B", ["1:9: integer literal '0x' has no digits", "2:9: integer literal '0b' has no digits"] },
        { "fn f() -> int { return }", ["1:17: function 'f' must return a value of type int"] },
        { "var x = -\"a\"", ["1:9: operator '-' cannot be applied to string"] },
        { "fn v() {}\nvar x = v()", ["2:9: this expression has no value"] },
        // Sweep 9: an empty array of a type not known yet was written `[?]`, and iterating it was two errors.
        { "var x: int = []", ["1:14: type mismatch: expected int, found []", "1:14: cannot infer the element type of '[]': push an element or annotate it, e.g. 'var xs: [int] = []'"] },
        { "for x in [] { }", ["1:10: cannot infer the element type of '[]': push an element or annotate it, e.g. 'var xs: [int] = []'"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_every_error_at_its_position(string source, string[] expected)
    {
        var compilation = WynCompiler.Compile(source, "t.wyn");
        Assert.False(compilation.Success);
        Assert.Null(compilation.Program);
        var actual = compilation.Diagnostics.Select(d => $"{d.Line}:{d.Column}: {d.Message}").ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Diagnostic_prints_path_position_source_line_and_caret()
    {
        var compilation = WynCompiler.Compile("var a = 1\nvar s: string = a + 1\n", "app.wyn");
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("app.wyn:2:17: error: type mismatch: expected string, found int\nvar s: string = a + 1\n                ^^^^^", diagnostic.ToString());
    }

    [Fact]
    public void Control_characters_are_named_and_never_echoed_raw()
    {
        var compilation = WynCompiler.Compile("println(\"a\")\nprintln(1) \u001b\u0000\n", "t.wyn");
        var diagnostic = compilation.Diagnostics[0];
        Assert.Equal("t.wyn:2:12: error: unexpected character U+001B\nprintln(1) ??\n           ^", diagnostic.ToString());
        Assert.DoesNotContain(compilation.Diagnostics, d => d.ToString().Any(c => char.IsControl(c) && c is not '\n'));
    }

    [Fact]
    public void Caret_keeps_tabs_so_it_lines_up()
    {
        var compilation = WynCompiler.Compile("\tvar x = y", "t.wyn");
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("t.wyn:1:10: error: undefined variable 'y'\n\tvar x = y\n\t        ^", diagnostic.ToString());
    }

    [Fact]
    public void Ten_thousand_deep_nesting_is_a_diagnostic_not_a_crash()
    {
        var deep = "var x = " + new string('(', 10_000) + "1" + new string(')', 10_000);
        var compilation = WynCompiler.Compile(deep, "deep.wyn");
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Contains("nested too deeply", diagnostic.Message, StringComparison.Ordinal);

        var prefixes = "var y = " + string.Concat(Enumerable.Repeat("- not ", 5_000)) + "1";
        Assert.Contains("nested too deeply", Assert.Single(WynCompiler.Compile(prefixes, "deep.wyn").Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_operator_chain_compiles()
    {
        var chain = "var x = 0" + string.Concat(Enumerable.Repeat(" + 1", 10_000)) + "\nprintln(x)";
        var outcome = WynRun.Execute(chain);
        Assert.Equal("10000\n", outcome.Stdout);
    }
}
