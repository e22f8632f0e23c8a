using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// Two threads working on the same elements of one future array at the same time, as the tasks of
/// conformance program 192 do (<c>for f in futs { s += await f }</c> in several tasks sharing
/// <c>futs</c>): copying an element (<see cref="WynFutureArray{T}.Get"/>) preserves its engine handle
/// and writes the preserved handle back, awaiting it in place stores the value over the handle. Every
/// copy and every in-place await must give the element's value, never the engine's stale-handle error.
/// </summary>
/// <remarks>
/// The races are a few instructions wide, so each test runs many short rounds: the main thread and a
/// helper thread start each round together (the helper spins for it) and go over the same elements,
/// with the helper's start shifted a little from round to round so that the two meet at different
/// points. No timing is asserted; every wait is bounded.
/// </remarks>
public sealed class FutureArraySharingRaceTests
{
    private const int Elements = 64;

    public static TheoryData<string> Schedulers() => new() { "channels", "batched", "threadpool" };

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Copies_taken_at_once_by_two_threads_all_give_the_elements_value(string scheduler)
    {
        RunRounds(scheduler, rounds: 400, preserveFirst: false, (ctx, futures, racer) =>
        {
            for (int i = 0; i < Elements; i++)
            {
                WynFuture<long> copy = futures.Get(i, 1);
                Check(futures, i, WynFuture<long>.Await(ctx, ref copy), $"racer {racer}: copy of element {i}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void A_copy_racing_an_await_in_place_never_loses_the_stored_value(string scheduler)
    {
        // Racer 0 copies each element while racer 1 awaits it in place. Half the elements were copied
        // once before (their handle is already preserved, as after the first `for f in futs`).
        RunRounds(scheduler, rounds: 400, preserveFirst: true, (ctx, futures, racer) =>
        {
            for (int i = 0; i < Elements; i++)
            {
                if (racer == 0)
                {
                    WynFuture<long> copy = futures.Get(i, 1);
                    Check(futures, i, WynFuture<long>.Await(ctx, ref copy), $"copy of element {i}");
                }
                else
                {
                    Check(futures, i, WynFutureArray<long>.Await(ctx, futures, i, 1), $"await in place of element {i}");
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Await_any_while_another_thread_copies_and_awaits_the_elements_gives_one_of_their_values(string scheduler)
    {
        // await_any looks at elements without awaiting them (IsCompletedAt) while racer 1 turns their
        // handles into preserved handles and then into values.
        RunRounds(scheduler, rounds: 400, preserveFirst: false, (ctx, futures, racer) =>
        {
            if (racer == 0)
            {
                for (int k = 0; k < 200; k++)
                {
                    long value = WynTasks.AwaitAny(ctx, futures, 1);
                    if (!Enumerable.Range(0, Elements).Any(i => ValueOf(i) == value))
                    {
                        throw new InvalidDataException($"await_any gave {value}, the value of no element");
                    }
                }

                return;
            }

            for (int i = 0; i < Elements; i++)
            {
                WynFuture<long> copy = futures.Get(i, 1);
                Check(futures, i, WynFuture<long>.Await(ctx, ref copy), $"copy of element {i}");
                Check(futures, i, WynFutureArray<long>.Await(ctx, futures, i, 1), $"await in place of element {i}");
            }
        });
    }

    private static long ValueOf(int index) => (3L * index * index) + 7;

    private static void Check(WynFutureArray<long> futures, int index, long value, string what)
    {
        if (value != ValueOf(index))
        {
            throw new InvalidDataException($"{what} of an array of {futures.Count} gave {value}, not {ValueOf(index)}");
        }
    }

    private static void RunRounds(string scheduler, int rounds, bool preserveFirst, Action<WynContext, WynFutureArray<long>, int> race)
    {
        RuntimeHarness.RunMain(scheduler, 2, ctx =>
        {
            WynFutureArray<long>? shared = null;
            int go = 0;                  // the round the helper may start
            int helperDone = 0;          // the last round the helper finished
            bool stop = false;
            Exception? helperFailure = null;
            long deadline = Environment.TickCount64 + 60_000;

            var helper = new Thread(() =>
            {
                try
                {
                    for (int round = 1; round <= rounds; round++)
                    {
                        var spinner = default(SpinWait);
                        while (Volatile.Read(ref go) < round)
                        {
                            if (Volatile.Read(ref stop) || Environment.TickCount64 > deadline)
                            {
                                return;
                            }

                            spinner.SpinOnce(sleep1Threshold: -1);
                        }

                        Thread.SpinWait(round % 16 * 4);
                        race(ctx, Volatile.Read(ref shared)!, 1);
                        Volatile.Write(ref helperDone, round);
                    }
                }
                catch (Exception e)
                {
                    helperFailure = e;
                }
            })
            {
                IsBackground = true,
                Name = "race-helper",
            };
            helper.Start();

            try
            {
                for (int round = 1; round <= rounds; round++)
                {
                    var futures = new WynFutureArray<long>();
                    for (int i = 0; i < Elements; i++)
                    {
                        futures.Push(WynTasks.Spawn(ctx, static i => ValueOf(i), i));
                    }

                    for (int i = 0; preserveFirst && i < Elements; i += 2)
                    {
                        _ = futures.Get(i, 1);
                    }

                    Volatile.Write(ref shared, futures);
                    Volatile.Write(ref go, round);
                    race(ctx, futures, 0);

                    var spinner = default(SpinWait);
                    while (Volatile.Read(ref helperDone) < round && Volatile.Read(ref helperFailure) is null)
                    {
                        Assert.True(helper.IsAlive && Environment.TickCount64 < deadline, $"round {round}: the helper did not finish");
                        spinner.SpinOnce();
                    }

                    Assert.Null(helperFailure);

                    // Afterwards every element, copied or awaited in place, still gives its value.
                    for (int i = 0; i < Elements; i++)
                    {
                        WynFuture<long> copy = futures.Get(i, 1);
                        Check(futures, i, WynFuture<long>.Await(ctx, ref copy), $"round {round}: copy afterwards of element {i}");
                        Check(futures, i, WynFutureArray<long>.Await(ctx, futures, i, 1), $"round {round}: await afterwards of element {i}");
                    }
                }
            }
            finally
            {
                Volatile.Write(ref stop, true);
                Assert.True(helper.Join(TimeSpan.FromSeconds(20)), "the helper thread hung");
            }

            Assert.Null(helperFailure);
        });
    }
}
