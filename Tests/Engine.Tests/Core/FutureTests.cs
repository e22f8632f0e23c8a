using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Core;

/// <summary>
/// The Future&lt;T&gt; handle contract (promise 2, "Bad input"): a handle is consumed by one await; a
/// consumed, stale or default handle throws InvalidOperationException with a clear message and never
/// reads the value of the task that reuses its pooled cell.
/// </summary>
public sealed class FutureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    public void OnCompletedInline_RunsEveryRegistration_OnTheCompletingThread_WithoutConsumingTheHandle(string scheduler)
    {
        using var scope = new CheckedEngine(scheduler);
        WynEngine engine = scope.Engine;
        using var release = new ManualResetEventSlim();
        Future<int> future = engine.Spawn(static gate => { gate.Wait(); return 42; }, release);
        var threads = new int[3];
        int ran = 0;
        for (int i = 0; i < threads.Length; i++)
        {
            int index = i;
            future.OnCompletedInline(_ =>
            {
                threads[index] = Environment.CurrentManagedThreadId;
                Interlocked.Increment(ref ran);
            }, null);
        }
        Assert.Equal(0, Volatile.Read(ref ran));   // not before the work finished
        release.Set();
        Bounded.Wait(() => Volatile.Read(ref ran) == threads.Length, Timeout, "the registrations", engine);
        Assert.All(threads, id => Assert.NotEqual(Environment.CurrentManagedThreadId, id));   // the worker's thread, not the registrant's
        Assert.Equal(42, future.Await());   // still the handle's value: registering did not consume it
        scope.StopAndAssertNoLeaks();
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    public void CallerHasQueuedWork_IsTrueInATaskWhoseSpawnWaitsBehindIt_AndFalseOutsideTheWorkers(string scheduler)
    {
        using var scope = new CheckedEngine(scheduler, workers: 1);
        WynEngine engine = scope.Engine;
        Assert.False(engine.CallerHasQueuedWork);
        Future<(bool Before, bool After)> seen = engine.Spawn(static e =>
        {
            bool before = e.CallerHasQueuedWork;
            e.Run(static () => { });   // queued on this, the only worker, behind the running task
            return (before, e.CallerHasQueuedWork);
        }, engine);
        var (before, after) = Bounded.Run(() => seen.Await(), Timeout, "the task", engine);
        Assert.False(before);
        Assert.True(after);
        scope.StopAndAssertNoLeaks();
    }

    [Fact]
    public void OnCompletedInline_OnAFinishedOrStaleHandle_RunsAtOnceOnTheCallingThread()
    {
        using var scope = new CheckedEngine("batched");
        WynEngine engine = scope.Engine;
        Future<int> future = engine.Spawn(static () => 5);
        Bounded.Wait(() => future.IsCompleted, Timeout, "the task", engine);
        Future<int> copy = future;
        int ranOn = 0;
        future.OnCompletedInline(_ => ranOn = Environment.CurrentManagedThreadId, null);
        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
        Assert.Equal(5, future.Await());
        ranOn = 0;
        copy.OnCompletedInline(_ => ranOn = Environment.CurrentManagedThreadId, null);   // consumed: stale, runs at once, never throws
        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
        scope.StopAndAssertNoLeaks();
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("inline")]
    public void ConsumedHandle_Throws_WithAClearMessage(string scheduler)
    {
        using var scope = new CheckedEngine(scheduler);
        Future<int> future = scope.Engine.Spawn(static () => 1);
        Future<int> copy = future;
        Assert.Equal(1, Bounded.Run(() => future.Await(), Timeout, "first await", scope.Engine));
        var error = Assert.Throws<InvalidOperationException>(() => copy.Await());
        Assert.Contains("already awaited", error.Message, StringComparison.Ordinal);
        Assert.Contains("Preserve()", error.Message, StringComparison.Ordinal);
        scope.StopAndAssertNoLeaks();
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("inline")]
    public void ConsumedHandle_AfterItsCellWasReused_NeverReturnsTheNewTasksValue(string scheduler)
    {
        using var scope = new CheckedEngine(scheduler);
        WynEngine engine = scope.Engine;
        // Same spawn shape (state int, result int) as the spawns below: one future table.
        Future<int> first = engine.Spawn(static x => x, 1);
        Future<int> stale = first;
        // Await on this thread (after completion, so it cannot block): the cell goes back to this
        // thread's cache, and the next spawn from this thread rents it again.
        Bounded.Wait(() => first.IsCompleted, Timeout, "the first task", engine);
        Assert.Equal(1, first.Await());

        var reusing = new Future<int>[100];
        for (int i = 0; i < reusing.Length; i++)
            reusing[i] = engine.Spawn(static x => 1_000 + x, i);
        Assert.Equal(stale.Slot, reusing[0].Slot);

        Assert.Throws<InvalidOperationException>(() => stale.Await());
        Assert.Throws<InvalidOperationException>(() => stale.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => stale.GetAwaiter());
        Assert.Throws<InvalidOperationException>(() => { _ = stale.AsTask(); });   // throws synchronously, not through the task
        Assert.Throws<InvalidOperationException>(() => stale.Preserve());

        // The stale attempts did not disturb the cell's new life.
        Bounded.Run(() =>
        {
            for (int i = 0; i < reusing.Length; i++)
                Assert.Equal(1_000 + i, reusing[i].Await());
        }, Timeout, "awaits of the reusing futures", engine);
        Assert.Throws<InvalidOperationException>(() => stale.Await());
        scope.StopAndAssertNoLeaks();
    }

    [Fact]
    public void DefaultHandle_Throws_WithAClearMessage()
    {
        Future<int> none = default;
        Assert.True(none.IsDefault);
        var error = Assert.Throws<InvalidOperationException>(() => none.Await());
        Assert.Contains("default", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => none.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => none.GetAwaiter());
        Assert.Throws<InvalidOperationException>(() => { _ = none.AsTask(); });
        Assert.Throws<InvalidOperationException>(() => none.Preserve());
    }

    [Fact]
    public void HandleOntoAFreeSlot_IsStale_EvenWhenItsGenerationMatches()
    {
        // Bits that never were a handle (an int value written over an array element, read by a racing
        // reader) can point at a slot that is free: an even generation, which no live handle has.
        using var scope = new CheckedEngine("batched");
        Future<int> live = scope.Engine.Spawn(static () => 5);
        Assert.Equal(5, Bounded.Run(() => live.Await(), Timeout, "await", scope.Engine));   // the slot is free again
        int freeGeneration = Volatile.Read(ref FutureTable<int>.At(live.Slot).Generation);
        Assert.Equal(0, freeGeneration & 1);
        var bogus = new Future<int>(live.Slot, freeGeneration);
        Assert.Throws<InvalidOperationException>(() => bogus.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => bogus.Preserve());
        Assert.Throws<InvalidOperationException>(() => bogus.Await());
        scope.StopAndAssertNoLeaks();
    }

    /// <summary>A task that returns <paramref name="round"/> once <paramref name="release"/> is set (at most 20 s).</summary>
    private static Future<int> SpawnHeld(WynEngine engine, ManualResetEventSlim release, int round) =>
        engine.Spawn(static s => { s.Release.Wait(TimeSpan.FromSeconds(20)); return s.Round; }, (Release: release, Round: round));

    [Fact]
    public void ConcurrentDoubleAwait_FromTwoThreads_ExactlyOneGetsTheValue()
    {
        int rounds = StressMode.Pick(200, 5_000);
        using var scope = new CheckedEngine("batched", workers: 2);
        WynEngine engine = scope.Engine;
        Bounded.Run(() =>
        {
            for (int round = 0; round < rounds; round++)
            {
                using var release = new ManualResetEventSlim();
                Future<int> future = SpawnHeld(engine, release, round);
                Future<int> copy = future;
                var outcomes = new string[2];
                using var ready = new Barrier(3);
                var awaiters = new[] { future, copy }.Select((handle, index) => new Thread(() =>
                {
                    ready.SignalAndWait();
                    try
                    {
                        outcomes[index] = $"value {handle.Await()}";
                    }
                    catch (InvalidOperationException)
                    {
                        outcomes[index] = "stale";
                    }
                }) { IsBackground = true }).ToList();
                awaiters.ForEach(t => t.Start());
                ready.SignalAndWait();
                if (round % 2 == 0)
                    Thread.SpinWait(1_000);   // half the rounds: both are already waiting when the value arrives
                release.Set();
                awaiters.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(20)), $"round {round}: an awaiter hung"));
                Assert.Equal(1, outcomes.Count(o => o == $"value {round}"));
                Assert.Equal(1, outcomes.Count(o => o == "stale"));
            }
        }, StressMode.Timeout(Timeout), "concurrent double awaits", engine);
        scope.StopAndAssertNoLeaks();
    }

    // Two holders of copies of one handle preserve it at once (Wyn tasks each copying the same array
    // element, conformance program 192). Exactly one Preserve wins; the other must throw stale. The
    // loser used to return its own, stale handle when it validated the generation before the
    // winner's CAS but read the slot's Preserved flag after it: awaiting that "preserved" handle then
    // threw the stale-handle error.
    [Fact]
    public void ConcurrentPreserve_OfCopiesOfOneHandle_ExactlyOneReturnsAHandle_AndItIsLive()
    {
        int rounds = StressMode.Pick(200_000, 2_000_000);
        using var scope = new CheckedEngine("batched", workers: 1);
        Future<int> shared = default;
        int go = 0;            // round number the racers may start
        int finished = 0;      // racers done with the current round
        bool stop = false;     // main gave up early: enough failures seen
        var results = new Future<int>[2];
        var failures = new List<string>();
        long deadline = Environment.TickCount64 + (long)StressMode.Timeout(Timeout).TotalMilliseconds;

        void Race(int racer)
        {
            Future<int> copy = shared;
            try
            {
                results[racer] = copy.Preserve();
            }
            catch (InvalidOperationException)
            {
                results[racer] = default;
            }
            Interlocked.Increment(ref finished);
        }

        var other = new Thread(() =>
        {
            for (int round = 1; round <= rounds; round++)
            {
                var spinner = default(SpinWait);
                while (Volatile.Read(ref go) < round)
                {
                    if (Volatile.Read(ref stop) || Environment.TickCount64 > deadline)
                        return;
                    spinner.SpinOnce(sleep1Threshold: -1);
                }
                Thread.SpinWait((round / 8) % 8);   // sweep the racers' relative timing over the rounds
                Race(1);
            }
        }) { IsBackground = true };
        other.Start();

        for (int round = 1; round <= rounds; round++)
        {
            Promise<int> promise = scope.Engine.CreatePromise<int>();
            shared = promise.Future;
            Volatile.Write(ref finished, 0);
            Volatile.Write(ref go, round);
            Thread.SpinWait(round % 8);
            Race(0);
            var spinner = default(SpinWait);
            while (Volatile.Read(ref finished) < 2)
            {
                Assert.True(Environment.TickCount64 < deadline, $"round {round}: the other racer did not finish");
                spinner.SpinOnce();
            }

            promise.SetResult(round);
            var live = results.Where(r => !r.IsDefault).ToList();
            if (live.Count != 1)
            {
                failures.Add($"round {round}: {live.Count} racers got a handle");
            }
            foreach (Future<int> handle in live)
            {
                try
                {
                    if (handle.Await() != round)
                        failures.Add($"round {round}: wrong value");
                }
                catch (InvalidOperationException e)
                {
                    failures.Add($"round {round}: the preserved handle is stale ({e.Message[..30]})");
                }
            }
            if (failures.Count >= 5)
                break;
        }

        Volatile.Write(ref stop, true);

        Assert.True(other.Join(TimeSpan.FromSeconds(20)), "the other racer hung");
        Assert.Empty(failures);
        scope.StopAndAssertNoLeaks();
    }

    // A second C# await registers its continuation through FutureAwaiter.UnsafeOnCompleted, which
    // throws; the async method builder cannot hand that to the awaiting method and rethrows it on the
    // thread pool, which ends the whole test process. Expected: InvalidOperationException in the
    // second awaiting method (for example thrown from FutureAwaiter.IsCompleted/GetAwaiter when a
    // continuation is already registered).
    [Fact]
    public async Task SecondCSharpAwait_OfAPendingHandle_Throws()
    {
        using var scope = new CheckedEngine("batched");
        Promise<int> promise = scope.Engine.CreatePromise<int>();
        Future<int> future = promise.Future;
        Future<int> copy = future;
        Task<int> first = AwaitIt(future);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AwaitIt(copy));
        Assert.Contains("only once", error.Message, StringComparison.Ordinal);
        promise.SetResult(8);
        Assert.Equal(8, await first.Within(Timeout, "the first awaiter", scope.Engine));

        scope.StopAndAssertNoLeaks();

        static async Task<int> AwaitIt(Future<int> f) => await f;
    }

    /// <summary>
    /// Session 17: a promise completed while another thread preserves its future (a Wyn task's future
    /// copied while the task finishes) was refused with "already completed" whenever the completion
    /// fell between Preserve's generation step and its flag. Now the completion always lands and the
    /// preserved handle gets the value.
    /// </summary>
    [Fact]
    public void APromiseCompletedWhileItsFutureIsBeingPreserved_IsNotRefused()
    {
        using var scope = new CheckedEngine("batched");
        int rounds = StressMode.Pick(20_000, 200_000);
        var failures = new List<string>();
        for (int round = 0; round < rounds && failures.Count < 5; round++)
        {
            Promise<int> promise = scope.Engine.CreatePromise<int>();
            Future<int> future = promise.Future;
            Future<int> preserved = default;
            using var go = new Barrier(2);
            var preserver = new Thread(() =>
            {
                go.SignalAndWait();
                preserved = future.Preserve();
            });
            preserver.Start();
            go.SignalAndWait();
            Thread.SpinWait(round % 64);
            try
            {
                promise.SetResult(round);
            }
            catch (InvalidOperationException error)
            {
                failures.Add($"round {round}: {error.Message}");
            }
            Assert.True(preserver.Join(Timeout), "the preserving thread did not finish");
            if (failures.Count == 0 && preserved.Await() != round)
                failures.Add($"round {round}: the preserved handle got another value");
        }
        Assert.Empty(failures);
    }

    /// <summary>
    /// Sweep 8: two copies of one pending handle awaited at once, at least one with C# await. Both
    /// pass GetAwaiter; the second registration threw from OnCompleted, on the thread pool, and ended
    /// the process (or left an await pending). Now exactly one gets the value, the other the
    /// stale-handle error, and nothing escapes.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ConcurrentCSharpAwaits_OfCopiesOfOneHandle_ExactlyOneGetsTheValue(bool otherIsBlocking)
    {
        int rounds = StressMode.Pick(300, 3_000);
        using var scope = new CheckedEngine("batched", workers: 1);
        WynEngine engine = scope.Engine;
        Bounded.Run(() =>
        {
            for (int round = 0; round < rounds; round++)
            {
                using var release = new ManualResetEventSlim();
                Future<int> future = SpawnHeld(engine, release, round);
                Future<int> copy = future;
                using var ready = new Barrier(3);
                Task<string> first = Task.Run(async () =>
                {
                    ready.SignalAndWait();
                    return await Outcome(future);
                });
                Task<string> second = Task.Run(async () =>
                {
                    ready.SignalAndWait();
                    return otherIsBlocking ? OutcomeOf(() => copy.Await()) : await Outcome(copy);
                });
                ready.SignalAndWait();
                if (round % 2 == 0)
                    Thread.SpinWait(1_000);
                release.Set();
                Assert.True(Task.WaitAll([first, second], TimeSpan.FromSeconds(20)), $"round {round}: an awaiter hung");
                string[] outcomes = [first.Result, second.Result];
                Assert.True(outcomes.Count(o => o == $"value {round}") == 1 && outcomes.Count(o => o == "stale") == 1, $"round {round}: {string.Join(", ", outcomes)}");
            }
        }, StressMode.Timeout(Timeout), "concurrent C# awaits of copies", engine);
        scope.StopAndAssertNoLeaks();

        static async Task<string> Outcome(Future<int> f)
        {
            try
            {
                return $"value {await f}";
            }
            catch (InvalidOperationException)
            {
                return "stale";
            }
        }

        static string OutcomeOf(Func<int> await)
        {
            try
            {
                return $"value {await()}";
            }
            catch (InvalidOperationException)
            {
                return "stale";
            }
        }
    }

    /// <summary>
    /// Sweep 8: an awaiter taken from a handle while it was live registers its continuation after the
    /// handle was consumed through a copy and its slot reused. The registration used to take the slot
    /// and make the new task's own C# await fail ("already being awaited").
    /// </summary>
    [Fact]
    public async Task AStaleAwaitersContinuation_RunsAtOnceAndReportsTheStaleHandle_AndTheSlotsNextTaskIsAwaitedNormally()
    {
        using var scope = new CheckedEngine("batched", workers: 1);
        WynEngine engine = scope.Engine;
        Promise<int> promise = engine.CreatePromise<int>();
        Future<int> future = promise.Future;
        FutureAwaiter<int> staleAwaiter = future.GetAwaiter();   // what `await copy` does first
        promise.SetResult(1);
        Assert.Equal(1, future.Await());                          // the other holder consumes it

        Promise<int> next = engine.CreatePromise<int>();
        Assert.Equal(future.Slot, next.Future.Slot);              // the slot's next life

        var ran = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        staleAwaiter.UnsafeOnCompleted(() =>
        {
            try
            {
                ran.SetResult($"value {staleAwaiter.GetResult()}");
            }
            catch (InvalidOperationException error)
            {
                ran.SetResult(error.Message);
            }
        });
        Assert.Contains("stale", await ran.Task.Within(Timeout, "the stale continuation", engine), StringComparison.Ordinal);

        Task<int> owner = AwaitIt(next.Future);
        next.SetResult(2);
        Assert.Equal(2, await owner.Within(Timeout, "the next task's owner", engine));
        scope.StopAndAssertNoLeaks();

        static async Task<int> AwaitIt(Future<int> f) => await f;
    }

    /// <summary>
    /// <c>future.GetAwaiter().GetResult()</c> on a pending future (sync over async) waits for the value.
    /// It used to retire the slot while its task still ran, throw "not completed", and leak the slot.
    /// </summary>
    [Fact]
    public void GetResult_OnAPendingFuture_WaitsForTheValue()
    {
        using var scope = new CheckedEngine("batched", workers: 1);
        using var release = new ManualResetEventSlim();
        Future<int> future = scope.Engine.Spawn(static r => { r.Wait(TimeSpan.FromSeconds(20)); return 7; }, release);
        var waiter = new Thread(() => { Thread.Sleep(50); release.Set(); }) { IsBackground = true };
        waiter.Start();
        Assert.Equal(7, Bounded.Run(() => future.GetAwaiter().GetResult(), Timeout, "GetResult of a pending future", scope.Engine));
        scope.StopAndAssertNoLeaks();
    }

    /// <summary>A preserved pending future awaited by many C# awaits at once: every one gets the value.</summary>
    [Fact]
    public async Task APreservedPendingFuture_AwaitedByManyCSharpAwaitsAtOnce_GivesEachTheValue()
    {
        using var scope = new CheckedEngine("batched", workers: 1);
        Promise<int> promise = scope.Engine.CreatePromise<int>();
        Future<int> preserved = promise.Future.Preserve();
        Task<int>[] awaits = [.. Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await preserved))];
        await Task.Delay(50);
        promise.SetResult(5);
        foreach (Task<int> each in awaits)
            Assert.Equal(5, await each.Within(Timeout, "a preserved await", scope.Engine));
        scope.StopAndAssertNoLeaks();
    }

    /// <summary>
    /// Session 16: continuations of a preserved pending future wait together. Every registration but
    /// the first used to run at once, on a thread-pool thread that then blocked in GetResult until the
    /// value came: N awaits held N - 1 pool threads.
    /// </summary>
    [Fact]
    public void APreservedPendingFuture_KeepsEveryContinuationWaiting_AndRunsEachOnceWithTheValue()
    {
        const int awaiters = 64;
        using var scope = new CheckedEngine("batched", workers: 1);
        Promise<int> promise = scope.Engine.CreatePromise<int>();
        Future<int> preserved = promise.Future.Preserve();
        int started = 0;
        var values = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var allRan = new CountdownEvent(awaiters);
        for (int i = 0; i < awaiters; i++)
        {
            FutureAwaiter<int> awaiter = preserved.GetAwaiter();
            awaiter.UnsafeOnCompleted(() =>
            {
                Interlocked.Increment(ref started);
                values.Add(awaiter.GetResult());
                allRan.Signal();
            });
        }
        Thread.Sleep(100);
        Assert.Equal(0, Volatile.Read(ref started));   // none runs (or holds a thread) before the value
        promise.SetResult(9);
        Assert.True(allRan.Wait(Timeout), "a continuation never ran");
        Assert.Equal(awaiters, Volatile.Read(ref started));
        Assert.All(values, v => Assert.Equal(9, v));
        scope.StopAndAssertNoLeaks();
    }

    /// <summary>Session 16: <c>AsTask</c> of a preserved pending future, twice: the second task faulted with "not completed yet".</summary>
    [Fact]
    public async Task APreservedPendingFuture_AsTaskTwice_BothTasksGetTheValue()
    {
        using var scope = new CheckedEngine("batched", workers: 1);
        Promise<int> promise = scope.Engine.CreatePromise<int>();
        Future<int> preserved = promise.Future.Preserve();
        Task<int> first = preserved.AsTask(), second = preserved.AsTask();
        promise.SetResult(4);
        Assert.Equal(4, await first.Within(Timeout, "the first AsTask", scope.Engine));
        Assert.Equal(4, await second.Within(Timeout, "the second AsTask", scope.Engine));
        scope.StopAndAssertNoLeaks();
    }

    [Fact]
    public void Promise_CompletesOnce_AndItsFailureIsRethrown()
    {
        using var scope = new CheckedEngine("batched");
        Promise<int> promise = scope.Engine.CreatePromise<int>();
        Future<int> future = promise.Future;
        Assert.False(future.IsCompleted);
        promise.SetException(new TimeZoneNotFoundException("from the promise"));
        Assert.Throws<InvalidOperationException>(() => promise.SetResult(1));
        Assert.Throws<InvalidOperationException>(() => promise.SetException(new InvalidCastException()));
        Assert.Equal("from the promise", Assert.Throws<TimeZoneNotFoundException>(() => future.Await()).Message);
        // Consumed: the promise's handle is stale now, so completing it again cannot touch a reused cell.
        Assert.Throws<InvalidOperationException>(() => promise.SetResult(2));
        scope.StopAndAssertNoLeaks();
    }

    [Fact]
    public void Promise_CompletesItsFutureAfterItWasPreserved_OnceOnly()
    {
        using var scope = new CheckedEngine("batched");
        Promise<int> promise = scope.Engine.CreatePromise<int>();
        Future<int> shared = promise.Future.Preserve();
        Assert.Throws<InvalidOperationException>(() => promise.Future.Await());   // the unpreserved handle is stale
        promise.SetResult(42);
        Assert.Throws<InvalidOperationException>(() => promise.SetResult(43));
        Assert.Equal(42, shared.Await());
        Assert.Equal(42, shared.Await());
        scope.StopAndAssertNoLeaks();
    }

    [Fact]
    public void AwaitingAPromiseFromAnotherThread_BlocksUntilItIsSet()
    {
        using var scope = new CheckedEngine("batched");
        Promise<string> promise = scope.Engine.CreatePromise<string>();
        Future<string> future = promise.Future;
        var setter = new Thread(() =>
        {
            Thread.Sleep(50);
            promise.SetResult("late");
        }) { IsBackground = true };
        setter.Start();
        Assert.Equal("late", Bounded.Run(() => future.Await(), Timeout, "await of a promise set later", scope.Engine));
        Assert.True(setter.Join(TimeSpan.FromSeconds(10)));
        scope.StopAndAssertNoLeaks();
    }
}
