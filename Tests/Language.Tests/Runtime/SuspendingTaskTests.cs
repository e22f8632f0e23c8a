using System.Reflection;
using Wyn.Engine;
using Wyn.Language.Emit;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// Fire-and-forget tasks that use channels suspend where they would block a thread (decision 0013),
/// when the process runs with .NET 10's runtime async (the test settings and ./wyn-host enable it).
/// </summary>
public sealed class SuspendingTaskTests
{
    private const string DaisyChain = """
        fn link(left: int, right: int) {
            right.send(left.recv() + 1)
        }
        fn main() {
            var first = channel(1)
            var left = first
            for i in 0..__LINKS__ {
                var right = channel(1)
                spawn link(left, right)
                left = right
            }
            first.send(1)
            println(left.recv())
        }
        """;

    [Fact]
    public void The_test_process_runs_with_runtime_async_so_the_programs_tests_exercise_suspension()
    {
        // Tests/wyn.runsettings sets DOTNET_RuntimeAsync=1; without it every other test here would
        // quietly test the blocking build only.
        Assert.True(RuntimeAsync.IsAvailable, "DOTNET_RuntimeAsync=1 is not in effect for the test process");
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void A_daisy_chain_of_ten_thousand_blocked_tasks_runs_without_a_thread_for_each(string scheduler)
    {
        // Blocked threads would need 10,000 spares; eight are allowed, so only suspended tasks can
        // finish (before decision 0013 this was "wyn: deadlock", and ~13 s with the cap raised).
        var (exitCode, stdout, stderr) = Run(DaisyChain.Replace("__LINKS__", "10000"), scheduler, maxSpares: 8, suspending: true);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("10001\n", stdout);
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void Three_thousand_spawned_tasks_with_futures_waiting_on_one_channel_suspend_and_each_gets_its_value(string scheduler)
    {
        // Every taker is spawned (and waits) before the feeder is: with blocked threads and eight
        // spares, the feeder queued behind the takers never starts ("wyn: deadlock", checked by hand
        // with DOTNET_RuntimeAsync=0).
        var (exitCode, stdout, stderr) = Run("""
            fn take(ch: int) -> int { return ch.recv() * 2 }
            fn feed(ch: int, n: int) {
                for i in 0..n { ch.send(i) }
            }
            fn fan(ch: int, k: int, n: int) -> int {
                if k == 0 {
                    spawn feed(ch, n)
                    return 0
                }
                var f = spawn take(ch)
                var rest = fan(ch, k - 1, n)
                return rest + await f
            }
            fn main() {
                var ch = channel(1)
                println(fan(ch, 3000, 3000))
            }
            """, scheduler, maxSpares: 8, suspending: true);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("8997000\n", stdout);
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void Ten_thousand_sleeping_tasks_need_no_thread_each(string scheduler)
    {
        // Each task sleeps, then reports on a channel. Blocked in sleep, each would hold a thread:
        // the engine would start spares up to its cap (1,024 here) and run them in waves.
        var (exitCode, stdout, stderr, spares) = RunCounting("""
            fn nap(done: int, i: int) {
                Time.sleep(50)
                done.send(i)
            }
            fn main() {
                var done = channel(16)
                for i in 0..10000 { spawn nap(done, i) }
                var sum = 0
                for i in 0..10000 { sum += done.recv() }
                println(sum)
            }
            """, scheduler, maxSpares: 1024, suspending: true);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("49995000\n", stdout);
        Assert.True(spares < 100, $"{spares} spare threads started for sleeping tasks");
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void Tasks_that_use_channels_suspend_in_await_of_an_unfinished_future(string scheduler)
    {
        // 3,000 tasks (resumable: they send) first await the future of one task that sleeps. Blocked
        // in that await, each would hold a thread and the engine would start spares up to its cap;
        // suspended, they hold none. Each awaits its own copy (a parameter) and an element of an
        // array, so both ways of reaching a future suspend.
        var (exitCode, stdout, stderr, spares) = RunCounting("""
            fn load() -> int {
                Time.sleep(100)
                return 7
            }
            fn user(cfg: Future<int>, all: [Future<int>], out: int, i: int) {
                var c = await cfg
                var d = await all[0]
                out.send(c + d + i % 3)
            }
            fn main() {
                var cfg = spawn load()
                var all = [cfg]
                var out = channel(64)
                for i in 0..3000 { spawn user(cfg, all, out, i) }
                var sum = 0
                for i in 0..3000 { sum += out.recv() }
                println(sum)
            }
            """, scheduler, maxSpares: 1024, suspending: true);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("45000\n", stdout);
        Assert.True(spares < 50, $"{spares} spare threads started for tasks awaiting a sleeping task's future");
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    [InlineData("channels")]
    [InlineData("threadpool")]
    public void Tasks_suspend_in_await_all_and_await_any_of_futures_they_were_given(string scheduler)
    {
        // Blocked, 3,000 waiting tasks would start spares up to the cap (1,024, checked by hand on
        // the build before: 1,024 spares, 1.3 s); suspended, none.
        var (exitCode, stdout, stderr, spares) = RunCounting("""
            fn slow(i: int) -> int {
                Time.sleep(30 + i % 7)
                return i
            }
            fn all_user(futs: [Future<int>], out: int) {
                var s = 0
                for r in await_all(futs) { s += r }
                out.send(s)
            }
            fn any_user(futs: [Future<int>], out: int) {
                out.send(await_any(futs) * 0 + 1)
            }
            fn main() {
                var futs = []
                for i in 0..20 { futs.push(spawn slow(i)) }
                var out = channel(8)
                for k in 0..1500 { spawn all_user(futs, out) }
                for k in 0..1500 { spawn any_user(futs, out) }
                var total = 0
                for k in 0..3000 { total += out.recv() }
                println(total)
            }
            """, scheduler, maxSpares: 1024, suspending: true);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("286500\n", stdout);
        Assert.True(spares < 50, $"{spares} spare threads started for tasks in await_all and await_any");
    }

    [Fact]
    public void A_task_suspended_in_a_long_sleep_is_not_taken_for_a_deadlock()
    {
        // Main waits on a channel that only a sleeping task will send to, longer than the deadlock
        // watch's second: the sleeper counts as pending work while its timer runs.
        var (exitCode, stdout, stderr) = Run("""
            fn late(out: int) {
                Time.sleep(1500)
                out.send(7)
            }
            fn main() {
                var out = channel(1)
                spawn late(out)
                println(out.recv())
            }
            """, "batched", maxSpares: 1024, suspending: true);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("7\n", stdout);
    }

    [Theory]
    [InlineData("batched", "Time.sleep(50)")]
    [InlineData("work-stealing", "Time.sleep(50)")]
    [InlineData("threadpool", "Time.sleep(50)")]
    [InlineData("batched", "go.recv()")]
    [InlineData("channels", "go.recv()")]
    public void A_suspended_task_resumes_when_tasks_blocked_in_await_hold_every_thread_the_engine_may_use(string scheduler, string wait)
    {
        // 300 tasks await the future of one task that suspends; with 8 spares they hold every thread,
        // and the resumption queued behind them could never start: the run hung (sweep 10's
        // "many tasks await one slow future" through wyn-host). ResumptionRescue runs it.
        var (exitCode, stdout, stderr) = Run($$"""
            fn load(go: int) -> int {
                {{wait}}
                return 7
            }
            fn user(cfg: Future<int>, i: int) -> int {
                var c = await cfg
                return c + i % 3
            }
            fn main() {
                var go = channel(1)
                var cfg = spawn load(go)
                var futs = []
                for i in 0..300 { futs.push(spawn user(cfg, i)) }
                Time.sleep(300)
                go.send(1)
                var sum = 0
                for f in futs { sum += await f }
                println(sum)
            }
            """, scheduler, maxSpares: 8, suspending: true);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("2400\n", stdout);
    }

    [Fact]
    public void With_suspending_tasks_off_the_program_has_no_resumable_code_and_gives_the_same_answer()
    {
        var compilation = WynCompiler.Compile(DaisyChain.Replace("__LINKS__", "50"), "daisy.wyn", new WynCompileOptions { SuspendingTasks = false });
        Assert.True(compilation.Success);
        Assert.DoesNotContain(ResumableMethods(compilation.Program!), _ => true);
        var (exitCode, stdout, stderr) = Run(DaisyChain.Replace("__LINKS__", "50"), "batched", maxSpares: 1024, suspending: false);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("51\n", stdout);
    }

    [Fact]
    public void Only_functions_that_use_channels_and_their_callers_get_a_resumable_version()
    {
        var compilation = WynCompiler.Compile("""
            fn put(ch: int, v: int) { ch.send(v) }
            fn relay(ch: int, v: int) { put(ch, v * 2) }
            fn compute(x: int) -> int => x * x
            fn main() {
                var ch = channel(4)
                spawn relay(ch, compute(3))
                println(ch.recv())
            }
            """, "select.wyn", new WynCompileOptions { SuspendingTasks = true });
        Assert.True(compilation.Success);
        Assert.Equal(["wyn_resumable_put", "wyn_resumable_relay"], ResumableMethods(compilation.Program!).Order());
    }

    [Fact]
    public void Functions_that_await_a_future_they_were_given_get_a_resumable_version_and_fork_join_keeps_the_blocking_await()
    {
        var compilation = WynCompiler.Compile("""
            var shared = spawn seed()
            fn seed() -> int => 1
            fn fib(n: int) -> int {
                if n < 2 { return n }
                var a = spawn fib(n - 1)
                var b = fib(n - 2)
                return await a + b
            }
            fn user(cfg: Future<int>) -> int => await cfg
            fn copy_then_await(cfg: Future<int>) -> int {
                var mine = cfg
                return await mine
            }
            fn sum_all(futs: [Future<int>]) -> int {
                var s = 0
                for f in futs { s += await f }
                return s
            }
            fn first(futs: [Future<int>]) -> int => await futs[0]
            fn all_of(futs: [Future<int>]) -> int => await_all(futs)[0]
            fn any_of(futs: [Future<int>]) -> int => await_any(futs)
            fn own_all() -> int {
                var mine = [spawn seed(), spawn seed()]
                return await_all(mine)[1]
            }
            fn global_user() -> int => await shared
            fn calls_user(cfg: Future<int>) -> int => user(cfg) + 1
            fn main() {
                var f = spawn fib(10)
                println(await f + user(f) + copy_then_await(f) + sum_all([f]) + first([f]) + global_user() + calls_user(f) + all_of([f]) + any_of([f]) + own_all())
            }
            """, "await.wyn", new WynCompileOptions { SuspendingTasks = true });
        Assert.True(compilation.Success, string.Join("\n", compilation.Diagnostics.Select(d => d.Message)));
        Assert.Equal(
            ["wyn_resumable_all_of", "wyn_resumable_any_of", "wyn_resumable_calls_user", "wyn_resumable_copy_then_await", "wyn_resumable_first", "wyn_resumable_global_user", "wyn_resumable_sum_all", "wyn_resumable_user"],
            ResumableMethods(compilation.Program!).Order());
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    public void A_panic_in_a_task_after_it_resumed_ends_the_program_with_the_panic(string scheduler)
    {
        var (exitCode, _, stderr) = Run("""
            fn worker(input: int, output: int) {
                var x = input.recv()
                output.send(10 / x)
            }
            fn main() {
                var input = channel(1)
                var output = channel(1)
                spawn worker(input, output)
                Time.sleep(20)
                input.send(0)
                println(output.recv())
            }
            """, scheduler, maxSpares: 1024, suspending: true);
        Assert.Equal(1, exitCode);
        Assert.Contains("panic at program.wyn:3: division by zero", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_waiting_on_a_channel_only_suspended_tasks_could_feed_is_a_deadlock_not_a_hang()
    {
        var (exitCode, _, stderr) = Run("""
            fn stuck(input: int, output: int) {
                output.send(input.recv())
            }
            fn main() {
                var input = channel(1)
                var output = channel(1)
                for i in 0..100 { spawn stuck(input, output) }
                println(output.recv())
            }
            """, "batched", maxSpares: 1024, suspending: true);
        Assert.Equal(1, exitCode);
        Assert.Contains("wyn: deadlock", stderr, StringComparison.Ordinal);
    }

    private static IEnumerable<string> ResumableMethods(WynProgram program) =>
        program.Emitted.Type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => m.Name)
            .Where(name => name.StartsWith("wyn_resumable_", StringComparison.Ordinal));

    private static (int ExitCode, string Stdout, string Stderr) Run(string source, string scheduler, int maxSpares, bool suspending)
    {
        var (exitCode, stdout, stderr, _) = RunCounting(source, scheduler, maxSpares, suspending);
        return (exitCode, stdout, stderr);
    }

    private static (int ExitCode, string Stdout, string Stderr, long Spares) RunCounting(string source, string scheduler, int maxSpares, bool suspending)
    {
        var compilation = WynCompiler.Compile(source, "program.wyn", new WynCompileOptions { SuspendingTasks = suspending });
        Assert.True(compilation.Success, string.Join("\n", compilation.Diagnostics));
        using WynEngine engine = WynEngine.Create(o =>
        {
            o.Scheduler = scheduler;
            o.Workers = 2;
            o.MaxBlockingCompensation = maxSpares;
            o.ShutdownTimeout = TimeSpan.FromSeconds(2);
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var run = Task.Run(() => compilation.Program!.Run(engine, stdout, stderr));
        Assert.True(run.Wait(TimeSpan.FromSeconds(120)), "the program did not finish within 120 s");
        return (run.Result, stdout.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), stderr.ToString(), engine.GetStatistics().CompensationThreads);
    }
}
