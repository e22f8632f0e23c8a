namespace Wyn.Engine.Memory.Internal;

/// <summary>A node of a <see cref="TaggedStack{TNode}"/>: named by a small index, linked by the index of the node below it.</summary>
internal interface IStackNode
{
    /// <summary>The node's index; <see cref="TaggedStack{TNode}"/>'s resolver maps it back to the node.</summary>
    int Index { get; }

    /// <summary>The index of the node below this one on its stack, or -1. Written only by <see cref="TaggedStack{TNode}.Push"/>.</summary>
    int Next { get; set; }
}

/// <summary>
/// A lock-free LIFO (Treiber stack) of nodes that are reused, safe against ABA. The head packs a
/// 32-bit tag, bumped by every successful push or pop, with (top index + 1), 0 meaning empty.
/// Without the tag this interleaving corrupts the stack: thread 1 reads head = A (next B) and is
/// preempted; thread 2 pops A, pops B, pushes A back; thread 1's compare-and-swap (head A -> B)
/// then succeeds and puts B, which thread 2 holds, back on top.
/// </summary>
internal sealed class TaggedStack<TNode>(Func<int, TNode> nodeAt) where TNode : class, IStackNode
{
    private PaddedLong _head;

    /// <summary>Tests only: runs inside <see cref="Pop"/> between reading the top's link and the compare-and-swap.</summary>
    internal Action? BeforePopSwap;

    private static long Pack(long tag, int index) => (tag << 32) | (uint)(index + 1);
    private static int IndexOf(long head) => (int)(uint)head - 1;
    private static long TagOf(long head) => (long)((ulong)head >> 32);

    public bool IsEmpty => IndexOf(Volatile.Read(ref _head.Value)) < 0;

    /// <summary>Puts <paramref name="node"/> (held by the caller alone) on top.</summary>
    public void Push(TNode node)
    {
        while (true)
        {
            long top = Volatile.Read(ref _head.Value);
            node.Next = IndexOf(top);
            // The compare-and-swap is a full fence: everything written to the node before the push
            // is visible to whoever pops it.
            if (Interlocked.CompareExchange(ref _head.Value, Pack(TagOf(top) + 1, node.Index), top) == top)
                return;
        }
    }

    /// <summary>Takes the top node, or null when the stack is empty.</summary>
    public TNode? Pop()
    {
        while (true)
        {
            long top = Volatile.Read(ref _head.Value);
            int index = IndexOf(top);
            if (index < 0)
                return null;
            TNode node = nodeAt(index);
            // Another thread may pop this node and push it again meanwhile, so the link may be stale;
            // the tag makes the compare-and-swap fail then.
            int next = node.Next;
            BeforePopSwap?.Invoke();
            if (Interlocked.CompareExchange(ref _head.Value, Pack(TagOf(top) + 1, next), top) == top)
                return node;
        }
    }
}
