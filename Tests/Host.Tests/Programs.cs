namespace Wyn.Host.Tests;

/// <summary>Small Wyn programs the process tests run.</summary>
internal static class Programs
{
    public const string ReturnsThree = """
        fn main() -> int {
            println("hello")
            return 3
        }
        """;

    public const string ReturnsNothing = """
        fn main() {
            println("done")
        }
        """;

    /// <summary>A task awaits its own future (an await cycle): a deadlock that leaves a worker blocked in the engine's await.</summary>
    public const string TaskAwaitsItself = """
        fn waiter(futs: [Future<int>]) -> int {
            sleep(20)
            return await futs[0] + 1
        }
        fn main() {
            var futs: [Future<int>] = []
            var f = spawn waiter(futs)
            futs.push(f)
            sleep(5)
            println("waiting")
            println(await f)
        }
        """;

    /// <summary>One task panics while another is in a computation of many seconds that never looks at the failure.</summary>
    public const string PanicWhileAnotherTaskComputes = """
        fn crunch() -> int {
            var s = 0
            for i in 0..200_000_000_000 { s += i % 7 }
            return s
        }
        fn bad() -> int {
            sleep(50)
            panic("bad task")
            return 0
        }
        fn main() {
            var a = spawn crunch()
            var b = spawn bad()
            println(await a + await b)
        }
        """;

    public const string Panics = """
        fn main() {
            println("before")
            panic("boom")
        }
        """;

    /// <summary>Two errors on lines 2 and 3, both at column 5 (the `let` keyword, which Wyn rejects).</summary>
    public const string TwoCompileErrors = """
        fn main() {
            let x = 1
            let y = 2
        }
        """;

    /// <summary>Prints a line, then never finishes (until wyn-host is stopped).</summary>
    public const string RunsForever = """
        fn main() {
            println("started")
            while true { sleep_ms(10) }
        }
        """;
}
