using System.Threading.Tasks.Sources;

namespace Wyn.Language.Runtime;

internal sealed partial class Channel
{
    /// <summary>
    /// A task suspended on one side of a channel (Channel.Suspending.cs): it sits in the side's queue
    /// like a sleeping thread, so wakers cannot tell the two apart, and it is the value task the
    /// task's resumable code awaits. Its wake-up queues a resumption on the engine; the resumption
    /// tries the operation again there and completes the value task only once it succeeded, so the
    /// awaiting code gets its value (or its failure) and never loops itself.
    /// </summary>
    /// <remarks>
    /// One object does everything a suspension needs (sleeper, queue node, value task source,
    /// resumption), and it is pooled per thread: a task that suspends on every item (a long daisy
    /// chain, a ping-pong) used to allocate a sleeper, its node, two delegates, a closure, a C#
    /// async state machine and a rescue entry per suspension, ~900 bytes (session 18).
    /// </remarks>
    private sealed class Waiter<T> : ChannelSleepers.Sleeper, IValueTaskSource<T>, IValueTaskSource, IResumption
    {
        private const int PoolLimit = 16;

        [ThreadStatic]
        private static Waiter<T>? t_pool;

        [ThreadStatic]
        private static int t_pooled;

        private SuspensionCore<T> _core;
        private Waiter<T>? _nextPooled;
        private Channel _channel = null!;
        private WynContext _context = null!;
        private ChannelCell<T>[]? _cells;
        private T _toSend = default!;
        private int _line;
        private bool _sending;

        /// <summary>The number of the current suspension (see <see cref="IResumption"/>); moved on before every registration.</summary>
        private int _use;

        /// <summary>The highest suspension number claimed for resumption.</summary>
        private int _claimed;

        private Waiter()
        {
            // The continuation runs inside the resumption the engine runs (SuspensionCore), never on
            // the waker's stack: a chain of tasks woken one by the other would otherwise nest.
            Node = new LinkedListNode<ChannelSleepers.Sleeper>(this);
        }

        public LinkedListNode<ChannelSleepers.Sleeper> Node { get; }

        /// <summary>A waiter for a receive on <paramref name="channel"/> (from this thread's pool when it has one).</summary>
        public static Waiter<T> ForReceive(Channel channel, WynContext context, int line) => Rent(channel, context, line, sending: false, cells: null, default!);

        /// <summary>A waiter for a send of <paramref name="value"/> into <paramref name="cells"/>.</summary>
        public static Waiter<T> ForSend(Channel channel, WynContext context, int line, ChannelCell<T>[] cells, T value) => Rent(channel, context, line, sending: true, cells, value);

        private static Waiter<T> Rent(Channel channel, WynContext context, int line, bool sending, ChannelCell<T>[]? cells, T value)
        {
            Waiter<T>? waiter = t_pool;
            if (waiter is not null)
            {
                t_pool = waiter._nextPooled;
                waiter._nextPooled = null;
                t_pooled--;
            }
            else
            {
                waiter = new Waiter<T>();
            }

            waiter._channel = channel;
            waiter._context = context;
            waiter._line = line;
            waiter._sending = sending;
            waiter._cells = cells;
            waiter._toSend = value;
            return waiter;
        }

        /// <summary>The suspending task's first look after it registered: done at once (the waiter goes back to the pool), or the value task to await.</summary>
        public ValueTask<T> Receive()
        {
            if (_channel.TryOrRegister(this, out T value))
            {
                _channel.AfterReceive<T>(_context, resumed: false);
                Return();
                return new ValueTask<T>(value);
            }

            return new ValueTask<T>(this, _core.Version);
        }

        /// <summary>As <see cref="Receive"/>, for a send.</summary>
        public ValueTask Send()
        {
            if (_channel.TryOrRegister(this, out _))
            {
                _channel.AfterSend(_context, _cells!, resumed: false);
                Return();
                return default;
            }

            return new ValueTask(this, _core.Version);
        }

        /// <summary>Moves on to the next suspension number: called under the side's gate, before the waiter is added to its queue.</summary>
        public void NextUse() => _use++;

        public bool Sending => _sending;

        public ChannelCell<T>[] Cells => _cells!;

        public T ToSend => _toSend;

        public int Line => _line;

        public WynContext Context => _context;

        /// <summary>Queues the resumption on the engine (after a waker took this waiter off its side's queue). An engine already disposed (the program ended) drops it.</summary>
        public override void Wake()
        {
            // Read before the resumption is queued: it may run, finish and reuse this waiter at once.
            WynContext context = _context;
            try
            {
                context.Resumptions.Resume(this, _use);
                if (context.IsMainThread)
                {
                    // Main's spawns wait in a batch until it blocks or the batch fills; a task woken by
                    // main's receive (a fan-in) waited there until main ran out of values (fan-in of
                    // 200 producers: 2.1 s, against 0.1 s with blocked threads).
                    using (context.Engine.EnterBlocking())
                    {
                    }
                }
            }
            catch (ObjectDisposedException)
            {
                // The program ended: nobody waits for this task any more.
            }
        }

        public bool TryClaim(int use)
        {
            int claimed = Volatile.Read(ref _claimed);
            return claimed < use && Interlocked.CompareExchange(ref _claimed, use, claimed) == claimed;
        }

        public bool IsClaimed(int use) => Volatile.Read(ref _claimed) >= use;

        /// <summary>The resumption: the wake-up has arrived; try again, and complete the value task once the operation is done (or failed).</summary>
        public void Resume()
        {
            Channel channel = _channel;
            WynContext context = _context;
            Channel.Resumed(context, _sending ? channel.sendersAsleep : channel.receiversAsleep);
            T value = default!;
            Exception? failure = null;
            try
            {
                if (!channel.TryOrRegister(this, out value))
                {
                    return;   // registered again: the next wake-up resumes it
                }

                if (_sending)
                {
                    channel.AfterSend(context, _cells!, resumed: true);
                }
                else
                {
                    channel.AfterReceive<T>(context, resumed: true);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }

            // Nothing after the completion: the task runs on inline and may already reuse this waiter.
            if (failure is not null)
            {
                _core.SetException(failure);
            }
            else
            {
                _core.SetResult(value);
            }
        }

        T IValueTaskSource<T>.GetResult(short token) => TakeResult(token);

        void IValueTaskSource.GetResult(short token) => TakeResult(token);

        ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _core.GetStatus(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(_context, continuation, state, token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(_context, continuation, state, token);

        /// <summary>The result (or the failure) of the suspension <paramref name="token"/> names; the waiter then goes back to the pool. A stale token throws without touching the pool.</summary>
        private T TakeResult(short token)
        {
            bool current = token == _core.Version;
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                if (current)
                {
                    Return();
                }
            }
        }

        /// <summary>Back to this thread's pool, with a new version (a value task of the previous one now throws instead of reading another suspension's result).</summary>
        private void Return()
        {
            _core.Reset();
            _channel = null!;
            _context = null!;
            _cells = null;
            _toSend = default!;
            if (t_pooled < PoolLimit)
            {
                _nextPooled = t_pool;
                t_pool = this;
                t_pooled++;
            }
        }
    }
}
