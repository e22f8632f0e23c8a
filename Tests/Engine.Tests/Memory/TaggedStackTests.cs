using Wyn.Engine.Memory.Internal;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Memory;

/// <summary>
/// The stack under the pools' shared free list, with the ABA interleaving forced rather than hoped
/// for: a pop is held between reading the top's link and its compare-and-swap while another thread
/// pops that top and the node below it and pushes the top back.
/// </summary>
public sealed class TaggedStackTests
{
    private sealed class Node(int index) : IStackNode
    {
        public int Index { get; } = index;
        public int Next { get; set; } = -1;
    }

    private static (TaggedStack<Node> Stack, Node[] Nodes) StackOf(int count)
    {
        Node[] nodes = Enumerable.Range(0, count).Select(i => new Node(i)).ToArray();
        var stack = new TaggedStack<Node>(i => nodes[i]);
        return (stack, nodes);
    }

    [Fact]
    public void PushAndPop_AreLastInFirstOut()
    {
        var (stack, nodes) = StackOf(3);
        Assert.True(stack.IsEmpty);
        foreach (Node node in nodes)
            stack.Push(node);
        Assert.Equal([2, 1, 0], new[] { stack.Pop()!.Index, stack.Pop()!.Index, stack.Pop()!.Index });
        Assert.Null(stack.Pop());
    }

    [Fact]
    public void APopThatSlept_ThroughAPopPopPushOfItsTop_DoesNotPutTheTakenNodeBack()
    {
        var (stack, nodes) = StackOf(3);
        Node a = nodes[0], b = nodes[1], c = nodes[2];
        stack.Push(c);
        stack.Push(b);
        stack.Push(a);   // a -> b -> c

        using var linkRead = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        int sleeper = 0;
        stack.BeforePopSwap = () =>
        {
            // Only the sleeping pop's first attempt waits; the interleaving below runs on this test's thread.
            if (Environment.CurrentManagedThreadId == Volatile.Read(ref sleeper) && !resume.IsSet)
            {
                linkRead.Set();
                resume.Wait(TimeSpan.FromSeconds(30));
            }
        };
        Node? slept = null;
        var thread = new Thread(() =>
        {
            Volatile.Write(ref sleeper, Environment.CurrentManagedThreadId);
            slept = stack.Pop();
        }) { IsBackground = true };
        thread.Start();
        Assert.True(linkRead.Wait(TimeSpan.FromSeconds(30)), "the sleeping pop never read its link");

        // The sleeping pop read head = a, next = b. Take a and b, give a back: head = a -> c.
        Assert.Same(a, stack.Pop());
        Assert.Same(b, stack.Pop());
        stack.Push(a);
        resume.Set();
        Bounded.Run(thread.Join, TimeSpan.FromSeconds(30), "the sleeping pop");

        // Its compare-and-swap must fail (the tag moved) and retry: it takes a, and c is all that is
        // left. Without the tag it would set head = b, which this thread holds.
        Assert.Same(a, slept);
        Assert.Same(c, stack.Pop());
        Assert.Null(stack.Pop());
    }
}
