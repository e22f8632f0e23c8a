using System.Threading.Channels;
using Wyn.Engine.Scheduling;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class ChannelsScheduler
{
    [ThreadStatic] private static ChannelWorker? t_worker;

    private ChannelWorker? CurrentWorker()
    {
        ChannelWorker? worker = t_worker;
        return worker is not null && ReferenceEquals(worker.Scheduler, this) ? worker : null;
    }

    /// <summary>A worker thread reading the channel. Counters are written by the worker only.</summary>
    private sealed class ChannelWorker(ChannelsScheduler scheduler, int index, bool isSpare)
    {
        public readonly ChannelsScheduler Scheduler = scheduler;
        public readonly bool IsSpare = isSpare;
        public Thread? Thread;
        public bool IsBlocked;
        public bool Retired;
        public long Executed;
        public long Parks;

        public void Start()
        {
            Thread = new Thread(Run, maxStackSize: 16 * 1024 * 1024)
            {
                IsBackground = true,
                Name = $"wyn-w{index}",
            };
            Thread.Start();
        }

        private void Run()
        {
            HelpStackBudget.MarkBase();
            t_worker = this;
            ChannelsScheduler s = Scheduler;
            ChannelReader<ClaimTicket> reader = s._channel.Reader;
            try
            {
                while (true)
                {
                    // Busy before the read: see _busy.
                    Interlocked.Increment(ref s._busy);
                    while (reader.TryRead(out ClaimTicket? ticket))
                    {
                        // Null: the spawner (or another helper) ran it already.
                        if (ticket.TryClaim() is not { } item)
                            continue;
                        s.Run(item);
                        Executed++;
                    }
                    Interlocked.Decrement(ref s._busy);
                    if (!WaitForItems(reader))
                        break;
                }
            }
            finally
            {
                if (IsSpare)
                    s.RetireSpare(this);
                t_worker = null;
            }
        }

        /// <summary>Spins, then blocks until the channel has items; false when the worker must leave.</summary>
        private bool WaitForItems(ChannelReader<ClaimTicket> reader)
        {
            ChannelsScheduler s = Scheduler;
            for (int spin = 0; spin < SpinsBeforeBlocking; spin++)
            {
                if (reader.Count > 0)
                    return true;
                if (IsSpare && s.TryRetireSpare(this))
                    return false;
                Thread.SpinWait(16 << Math.Min(spin >> 2, 5));
            }
            ValueTask<bool> ready = reader.WaitToReadAsync();
            if (ready.IsCompleted)
                return ready.GetAwaiter().GetResult();   // false: completed and empty (shutdown)
            Parks++;
            Task<bool> wait = ready.AsTask();
            if (IsSpare)
            {
                // A spare wakes now and then to see whether the blocked worker it covers is back.
                while (!wait.Wait(SpareRecheckMilliseconds))
                {
                    if (s.TryRetireSpare(this))
                        return false;
                }
            }
            // Bounded by the shutdown: completing the writer completes this wait.
            bool more = wait.GetAwaiter().GetResult();
            s.SampleDepth();
            return more;
        }
    }
}
