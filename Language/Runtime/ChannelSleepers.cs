namespace Wyn.Language.Runtime;

/// <summary>
/// The threads asleep on one side of a <see cref="Channel"/> (its senders, or its receivers), in the
/// order they fell asleep, so that a change wakes exactly one of them: the one that has waited
/// longest. Locking this object is the side's gate (see Channel.Waiting.cs); each sleeper waits on a
/// monitor of its own, so a wake-up reaches the thread it was meant for and no other.
/// </summary>
/// <remarks>
/// Waking every sleeper for every change (as the channel did until session 16) woke a thousand
/// senders blocked on a full channel for each value received: one of them got the freed cell, the
/// others paid a context switch and a process-wide barrier to go back to sleep.
/// </remarks>
internal sealed class ChannelSleepers
{
    private readonly LinkedList<Sleeper> queue = new();

    /// <summary>True while a sleeper woken for one change has not yet taken the gate back (under the gate; see Channel.WakeOne).</summary>
    public bool WakeInFlight;

    /// <summary>The calling thread's node: a thread sleeps on one channel at a time.</summary>
    [ThreadStatic]
    private static LinkedListNode<Sleeper>? t_node;

    /// <summary>The calling thread's node (made on first use), for <see cref="Add"/>, <see cref="TryLeave"/> and its sleeper's <see cref="Sleeper.Sleep"/>.</summary>
    public static LinkedListNode<Sleeper> NodeOfThisThread() => t_node ??= new LinkedListNode<Sleeper>(new Sleeper());

    /// <summary>Adds <paramref name="node"/> at the back, not woken (under the gate).</summary>
    public void Add(LinkedListNode<Sleeper> node)
    {
        node.Value.Woken = false;
        queue.AddLast(node);
    }

    /// <summary>Takes <paramref name="node"/> out unless a waker took it first (under the gate): true when it was still waiting.</summary>
    public bool TryLeave(LinkedListNode<Sleeper> node)
    {
        if (node.Value.Woken)
        {
            return false;
        }

        queue.Remove(node);
        return true;
    }

    /// <summary>Takes the longest sleeper out and marks it woken (under the gate); call <see cref="Sleeper.Wake"/> on it after leaving the gate.</summary>
    public Sleeper? TakeFirst()
    {
        LinkedListNode<Sleeper>? first = queue.First;
        if (first is null)
        {
            return null;
        }

        queue.RemoveFirst();
        first.Value.Woken = true;
        return first.Value;
    }

    /// <summary>One sleeping thread's wake-up flag and monitor (a suspended task's: Channel.Waiter).</summary>
    internal class Sleeper
    {
        private volatile bool woken;

        /// <summary>Set by a waker under the side's gate, before it pulses <see cref="Wake"/>.</summary>
        public bool Woken
        {
            get => woken;
            set => woken = value;
        }

        /// <summary>Waits (outside the gate) until woken or <paramref name="timeoutMs"/> passes; true when woken.</summary>
        public bool Sleep(int timeoutMs)
        {
            lock (this)
            {
                // A waker sets the flag and then takes this monitor to pulse: either we see the flag
                // here, or we are in Wait when its pulse comes.
                if (!woken)
                {
                    Monitor.Wait(this, timeoutMs);
                }

                return woken;
            }
        }

        /// <summary>Wakes the thread (after <see cref="TakeFirst"/> marked it, outside the gate).</summary>
        public virtual void Wake()
        {
            lock (this)
            {
                Monitor.Pulse(this);
            }
        }
    }
}
