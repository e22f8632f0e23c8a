using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>The queue a channel side's sleepers wait in (session 16): one wake-up wakes the longest sleeper, and no other.</summary>
public sealed class ChannelSleepersTests
{
    [Fact]
    public void Wake_ups_take_sleepers_in_the_order_they_fell_asleep()
    {
        var side = new ChannelSleepers();
        var nodes = Enumerable.Range(0, 3).Select(_ => new LinkedListNode<ChannelSleepers.Sleeper>(new ChannelSleepers.Sleeper())).ToArray();
        foreach (var node in nodes)
        {
            side.Add(node);
        }

        Assert.Same(nodes[0].Value, side.TakeFirst());
        Assert.True(nodes[0].Value.Woken);
        Assert.False(nodes[1].Value.Woken);
        Assert.True(side.TryLeave(nodes[1]));   // timed out before anyone woke it
        Assert.Same(nodes[2].Value, side.TakeFirst());
        Assert.Null(side.TakeFirst());
    }

    [Fact]
    public void A_sleeper_taken_by_a_waker_cannot_leave_as_if_it_timed_out()
    {
        var side = new ChannelSleepers();
        var node = new LinkedListNode<ChannelSleepers.Sleeper>(new ChannelSleepers.Sleeper());
        side.Add(node);
        Assert.Same(node.Value, side.TakeFirst());
        Assert.False(side.TryLeave(node));   // it was counted as woken: it must not count itself out again
    }

    [Fact]
    public void A_wake_up_before_the_sleep_is_not_lost_and_a_sleep_without_one_times_out()
    {
        var side = new ChannelSleepers();
        var node = new LinkedListNode<ChannelSleepers.Sleeper>(new ChannelSleepers.Sleeper());
        side.Add(node);
        side.TakeFirst()!.Wake();
        Assert.True(node.Value.Sleep(60_000));   // returns at once: it was woken before it slept

        side.Add(node);
        Assert.False(node.Value.Sleep(20));
        Assert.True(side.TryLeave(node));
    }

    [Fact]
    public void A_sleeper_on_another_thread_wakes_when_taken()
    {
        var side = new ChannelSleepers();
        var node = new LinkedListNode<ChannelSleepers.Sleeper>(new ChannelSleepers.Sleeper());
        lock (side)
        {
            side.Add(node);
        }

        var sleeping = Task.Run(() => node.Value.Sleep(60_000));
        Thread.Sleep(20);
        ChannelSleepers.Sleeper? taken;
        lock (side)
        {
            taken = side.TakeFirst();
        }

        taken!.Wake();
        Assert.True(sleeping.Wait(TimeSpan.FromSeconds(30)), "the sleeper was not woken");
        Assert.True(sleeping.Result);
    }
}
