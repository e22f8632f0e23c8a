using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Core;

/// <summary>
/// A fire-and-forget failure of an engine made without a logger and with nothing subscribed to
/// <see cref="WynEngine.UnhandledFailure"/> goes to standard error (session 16); it used to show only
/// in the counters.
/// </summary>
public sealed class UnreportedFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void WithoutALoggerOrSubscriber_TheFailureGoesToStandardError()
    {
        using var engine = WynEngine.Create(o => o.Scheduler = "batched");
        var writer = new LockedWriter();
        engine.FallbackErrorWriter = writer;
        engine.Run(static () => throw new InvalidDataException("nobody awaits this"));
        Bounded.Wait(() => writer.Text.Contains("nobody awaits this", StringComparison.Ordinal), Timeout, "the failure on standard error", engine);
        Assert.Contains("wyn engine: unobserved failure in fire-and-forget work", writer.Text, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidDataException), writer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithASubscriber_NothingGoesToStandardError()
    {
        using var engine = WynEngine.Create(o => o.Scheduler = "batched");
        var writer = new LockedWriter();
        engine.FallbackErrorWriter = writer;
        int seen = 0;
        engine.UnhandledFailure += _ => Interlocked.Increment(ref seen);
        engine.Run(static () => throw new InvalidDataException("handled elsewhere"));
        Bounded.Wait(() => Volatile.Read(ref seen) == 1, Timeout, "the UnhandledFailure event", engine);
        Assert.Equal("", writer.Text);
    }

    private sealed class LockedWriter : StringWriter
    {
        public string Text
        {
            get
            {
                lock (this)
                    return ToString();
            }
        }

        public override void WriteLine(string? value)
        {
            lock (this)
                base.WriteLine(value);
        }
    }
}
