namespace Wyn.Language.Tests.Compiler;

/// <summary>Table-driven: each case is a Wyn program and the exact stdout it must print (exit code 0).</summary>
public sealed class ProgramOutputTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "design-notes example (legacy spelling)", """
            fn compute(n: int) -> int {
                return n * n;
            }
            fn main() -> int {
                var f = spawn compute(42);
                var result = f.await();
                print(result);  // 1764
                return 0;
            }
            """, "1764\n" },
        { "recursive fork-join fib", """
            fn fib(n: int) -> int {
                if n < 2 { return n }
                var a = spawn fib(n - 1)
                var b = fib(n - 2)
                return await a + b
            }
            fn main() {
                println(fib(20))
            }
            """, "6765\n" },
        { "spawn N then await all (W1 shape, small N)", """
            fn compute(n: int) -> int { return n * n }
            fn main() -> int {
                var n = 10_000
                var futs = []
                for i in 0..n { futs.push(spawn compute(i)) }
                var sum = 0
                for i in 0..n { sum += await futs[i] }
                println(sum)
                return 0
            }
            """, "333283335000\n" },
        { "script without main", "println(\"a\")\nvar x = 2\nprintln(x * 21)", "a\n42\n" },
        { "script return ends it", "println(1)\nreturn\nprintln(2)", "1\n" },
        { "expression bodies and inferred return", """
            fn square(n: int) -> int => n * n
            fn greet(name: string) => "hi " + name
            println(square(9), greet("ann"))
            """, "81 hi ann\n" },
        { "implicit return of trailing expression", """
            fn sign(x: int) -> int {
                if x > 0 { 1 } else if x < 0 { -1 } else { 0 }
            }
            fn double(x: int) -> int { x * 2 }
            println(sign(-4), sign(0), sign(3), double(21))
            """, "-1 0 1 42\n" },
        { "functions usable before definition", "println(later(2))\nfn later(x: int) -> int { return x + 1 }", "3\n" },
        { "int arithmetic: truncation, remainder sign, wrap", """
            println(7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3)
            println(9223372036854775807 + 1)
            println(0x10, 0b101, 1_000_000)
            """, "3 -3 1 -1 1\n-9223372036854775808\n16 5 1000000\n" },
        { "float formatting", """
            println(2.0, 0.1 + 0.2, 1e20, 1e-6, 1.5, 1.0 / 0.0, -1.0 / 0.0, 2.5E+8)
            """, "2.0 0.30000000000000004 1e+20 1e-06 1.5 inf -inf 250000000.0\n" },
        { "int and float promote in arithmetic and comparison", "println(1 + 0.5, 3 > 2.5, 2 == 2.0)", "1.5 true true\n" },
        { "bools and logic aliases", "println(true and false, true && true, false or true, false || false, not true, !false)", "false true true false false true\n" },
        { "short circuit", """
            fn boom() -> bool { panic("evaluated") }
            println(false and boom(), true or boom())
            """, "false true\n" },
        { "strings", """
            var s = "Hello, World"
            println(s.len(), s.upper(), s.lower(), s.contains("World"), s.index_of("o"), s.index_of("zz"))
            println(s.substring(0, 5), s.replace("l", "L"), s[0], s[-1], s.starts_with("He"), s.ends_with("d"))
            println("a,,b".split(","), "  x  ".trim() + "|", "ab" * 3, "x" + 1 + 2.5 + true)
            println("b" > "a", "abc" == "abc", "a" != "b", "é".len())
            """, "12 HELLO, WORLD hello, world true 4 -1\nHello HeLLo, WorLd H d true true\n[\"a\", \"\", \"b\"] x| ababab x12.5true\ntrue true true 2\n" },
        { "escapes and interpolation", """
            var n = 5
            println("n=${n} sum=${n + 1} ${"in" + "ner"} \${n} \$x")
            println('it\'s', "tab\tq\"\x41\u{48}")
            """, "n=5 sum=6 inner ${n} $x\nit's tab\tq\"AH\n" },
        { "print separators and named arguments", """
            print(1, 2, 3)
            println("a", "b", sep: "-")
            print("no newline", end: "")
            println("!")
            println()
            """, "1 2 3\na-b\nno newline!\n\n" },
        { "arrays have reference semantics", """
            fn fill(xs: [int]) { xs.push(99) }
            var xs = [1, 2, 3]
            fill(xs)
            var ys = xs
            ys[0] = 10
            println(xs, len(xs), xs[-1], xs.contains(99), xs.contains(5))
            println(xs.pop(), xs)
            """, "[10, 2, 3, 99] 4 99 true false\n99 [10, 2, 3]\n" },
        { "empty arrays take their type from push or annotation", """
            var a = []
            a.push("s")
            var b: [float] = []
            b.push(1.5)
            var c: [[int]] = [[1], []]
            println(a, b, c, ["q", "r"].join("+"))
            """, "[\"s\"] [1.5] [[1], []] q+r\n" },
        { "while, break, continue", """
            var i = 0
            var total = 0
            while true {
                i++
                if i % 2 == 0 { continue }
                if i > 9 { break }
                total += i
            }
            println(total)
            """, "25\n" },
        { "for loops over ranges and arrays", """
            for i in 0..3 { print(i, end: " ") }
            for i in 1..=3 { print(i, end: " ") }
            println()
            for x in ["a", "b"] { print(x, end: ";") }
            for i, x in [10, 20] { print(i, x, end: ";") }
            println()
            """, "0 1 2 1 2 3 \na;b;0 10;1 20;\n" },
        { "range bounds are evaluated once", """
            var n = 3
            for i in 0..n { n = 10 }
            println(n)
            var count = 0
            for i in 0..5 { i = 100; count++ }
            println(count)
            """, "10\n5\n" },
        { "compound assignment and increments", """
            var x = 10
            x += 5; x -= 3; x *= 2; x /= 4; x %= 4
            var xs = [1, 2]
            xs[1] += 40
            var f = 1.5
            f += 1
            var s = "a"
            s += 1
            x++
            x--
            x++
            println(x, xs, f, s)
            """, "3 [1, 42] 2.5 a1\n" },
        { "ternary", "var n = 5\nprintln(n > 3 ? \"big\" : \"small\", n < 3 ? 1 : 2.5)", "big 2.5\n" },
        { "shadowing in inner blocks; initializer sees outer", """
            var x = 1
            {
                var x = x + 1
                println(x)
            }
            println(x)
            """, "2\n1\n" },
        { "bare assignment declares", """
            fn f() -> int {
                if true { y = 4 }
                return 0
            }
            fn g() -> int {
                z = 5
                z = z + 1
                return z
            }
            println(f(), g())
            """, "0 6\n" },
        { "globals and constants", """
            const LIMIT = 3
            var count = 0
            fn bump() { count += 1 }
            fn main() {
                for i in 0..LIMIT { bump() }
                println(count, LIMIT)
            }
            """, "3 3\n" },
        { "conversions", """
            println(str(42), 42.to_string(), 1.5.to_string(), true.to_string(), "12".to_int() + 1, int("7"), float("2.5"), 3.to_float(), 3.9.to_int(), int(2.7), float(2))
            """, "42 42 1.5 true 13 7 2.5 3.0 3 2 2.0\n" },
        { "math", """
            println(min(3, 4), max(3, 4.5), abs_val(-3), abs_val(-2.5), Math.sqrt(16), Math.floor(2.7), Math.ceil(2.1), Math.pow(2, 10), Math.abs(-1), Math.min(1, 2), Math.max(1, 2))
            """, "3 4.5 3 2.5 4.0 2.0 3.0 1024.0 1.0 1.0 2.0\n" },
        { "semicolons and empty statements", "var a = 1; var b = 2;; println(a + b);", "3\n" },
        { "braceless bodies", "if 1 < 2 println(\"yes\") else println(\"no\")\nvar i = 0\nwhile i < 3 i++\nprintln(i)", "yes\n3\n" },
        { "a line starting with - continues the expression", "var x = 10\n-3\nprintln(x)", "7\n" },
        { "await twice returns the same value", """
            fn f(n: int) -> int { return n + 1 }
            fn main() {
                var a = spawn f(1)
                println(await a, await a)
                var xs = [spawn f(10)]
                println(await xs[0] + await xs[0])
            }
            """, "2 2\n22\n" },
        { "copies of a future can all be awaited", """
            fn f(n: int) -> int { return n * 3 }
            fn wait(x: Future<int>) -> int { return await x }
            fn main() {
                var a = spawn f(2)
                var b = a
                println(wait(a), await a, await b)
                var fs = [spawn f(5)]
                var c = fs[0]
                println(await c, await fs[0])
                for g in fs { println(await g) }
            }
            """, "6 6 6\n15 15\n15\n" },
        { "await a + await b adds two results; await binds to postfix", """
            fn f(n: int) -> int { return n }
            fn main() {
                var futs = [spawn f(1), spawn f(2)]
                var a = spawn f(3)
                println(await futs[0] + await futs[1], await a * 2)
            }
            """, "3 6\n" },
        { "spawn of a function without value, awaited as a statement", """
            fn work(c: int) { Shared.add(c, 5) }
            fn main() {
                var c = Shared.new(1)
                var f = spawn work(c)
                await f
                println(Shared.get(c))
            }
            """, "6\n" },
        { "fire-and-forget tasks are drained before exit", """
            fn work(c: int) { sleep_ms(20); Shared.add(c, 1) }
            fn report(c: int) { sleep_ms(400); println("count", Shared.get(c)) }
            fn main() {
                var c = Shared.new(0)
                for i in 0..5 { spawn work(c) }
                spawn report(c)
            }
            """, "count 5\n" },
        { "await_all and await_any", """
            fn sq(n: int) -> int { return n * n }
            fn main() {
                var fs = []
                for i in 1..=4 { fs.push(spawn sq(i)) }
                println(await_all(fs))
                var one = [spawn sq(7)]
                println(await_any(one))
            }
            """, "[1, 4, 9, 16]\n49\n" },
        { "nested spawn and await", """
            fn leaf(n: int) -> int { return n }
            fn mid(n: int) -> int {
                var a = spawn leaf(n)
                var b = spawn leaf(n + 1)
                return await a + await b
            }
            fn main() {
                var fs = []
                for i in 0..20 { fs.push(spawn mid(i)) }
                var total = 0
                for f in fs { total += await f }
                println(total)
            }
            """, "400\n" },
        { "channels: producer and consumer [needs a pool]", """
            fn producer(ch: int, n: int) {
                for i in 0..n { ch.send(i * 10) }
                ch.close()
            }
            fn main() {
                var ch = channel(2)
                spawn producer(ch, 4)
                var total = 0
                for i in 0..4 { total += ch.recv() }
                println(total, ch.recv())
            }
            """, "60 0\n" },
        { "channels of strings and Task spellings", """
            fn producer(ch: int) {
                Task.send(ch, "hello")
                Task.send(ch, "world")
                Task.close(ch)
            }
            fn main() {
                var ch = Task.channel(4)
                spawn producer(ch)
                println(Task.recv(ch), Task.recv(ch), Task.recv(ch) == "")
            }
            """, "hello world true\n" },
        { "Shared cells", """
            fn add(c: int) { Shared.add(c, 1) }
            fn main() {
                var c = Shared.new(0)
                var fs = []
                for i in 0..100 { fs.push(spawn add(c)) }
                for f in fs { await f }
                println(Shared.get(c), Shared.sub(c, 10), Shared.get(c))
                Shared.set(c, 7)
                println(Shared.get(c))
            }
            """, "100 100 90\n7\n" },
        { "main's return value is the exit code when 0", "fn main() -> int { println(\"ok\"); return 0 }", "ok\n" },
        { "deep but finite recursion", """
            fn depth(n: int) -> int { if n == 0 { return 0 } return depth(n - 1) + 1 }
            println(depth(50000))
            """, "50000\n" },
        { "array equality", "println([1, 2] == [1, 2], [1] != [2], [\"a\"] == [\"a\"])", "true true true\n" },
        { "time functions return sane values", """
            var a = time_ns()
            var b = time_ns()
            println(b >= a, Time.now_millis() > 0, DateTime.micros() > 0, time_now() > 0.0)
            """, "true true true true\n" },
        { "comments everywhere", "// line\n/* block\n comment */ println(1) // trailing\n", "1\n" },
        { "BOM and shebang are skipped", "\uFEFF#!/usr/bin/env wyn\nprintln(\"ok\")", "ok\n" },
        // sweep 7: a chain of `+` on strings is one Concat; its pieces still run left to right
        { "string + chain evaluates its pieces in order", """
            fn f(x: int) -> string {
                println("f${x}")
                return "<${x}>"
            }
            var a = "A"
            println(a + f(1) + "-" + f(2) + a + f(3))
            println((a + "b") + ("c" + a + "d") + "e", "x" + 1.5 + true, 1 + 2 + "s" + 3)
            """, "f1\nf2\nf3\nA<1>-<2>A<3>\nAbcAde x1.5true 3s3\n" },
        // sweep 7: each `else if` nested a scope, and compiling a long chain was quadratic
        { "a 3,000-branch else-if chain", ElseIfChain(3_000), "2998\n" },
    };

    /// <summary><c>var x = N - 2; if x == 0 { println(0) } else if x == 1 { println(1) } … else { println(-1) }</c>.</summary>
    private static string ElseIfChain(int branches)
    {
        var text = new System.Text.StringBuilder($"var x = {branches - 2}\nif x == 0 {{ println(0) }}\n");
        for (int i = 1; i < branches; i++)
            text.Append($"else if x == {i} {{ println({i}) }}\n");
        return text.Append("else { println(-1) }\n").ToString();
    }

    /// <summary>Every case on every pool scheduler the engine ships.</summary>
    public static TheoryData<string, string, string, string> PoolCases
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var scheduler in new[] { "batched", "work-stealing", "channels", "threadpool" })
            {
                foreach (var row in Cases)
                {
                    data.Add(scheduler, (string)row[0], (string)row[1], (string)row[2]);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void Program_prints_expected_output(string scheduler, string name, string source, string expected)
    {
        var outcome = WynRun.Execute(source, scheduler);
        Assert.True(outcome.ExitCode == 0, $"{name}: exit {outcome.ExitCode}\n{outcome.Stderr}");
        Assert.Equal(expected, outcome.Stdout);
    }

    /// <summary>
    /// The inline scheduler runs a spawned call at the spawn site, so a producer that fills a channel
    /// before anyone receives deadlocks there by design; those cases run only on a pool.
    /// </summary>
    public static TheoryData<string, string, string> InlineCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var row in Cases)
            {
                var (name, source, expected) = ((string)row[0], (string)row[1], (string)row[2]);
                if (!name.Contains("[needs a pool]", StringComparison.Ordinal))
                {
                    data.Add(name, source, expected);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(InlineCases))]
    public void Program_prints_expected_output_on_the_inline_scheduler(string name, string source, string expected)
    {
        var outcome = WynRun.Execute(source, scheduler: "inline", workers: 1);
        Assert.True(outcome.ExitCode == 0, $"{name}: exit {outcome.ExitCode}\n{outcome.Stderr}");
        Assert.Equal(expected, outcome.Stdout);
    }
}
