namespace Wyn.Engine.Tests.Support;

/// <summary>A work item that only carries a tag, for queue tests: running or cancelling it counts, nothing more.</summary>
public sealed class TaggedWork(int tag) : WorkItem
{
    public int Tag { get; } = tag;

    public int Executions;

    public int Cancellations;

    public override void Execute() => Interlocked.Increment(ref Executions);

    public override void Cancel() => Interlocked.Increment(ref Cancellations);

    /// <summary>A tagged item stands for the task of future slot <see cref="Tag"/> (of result type int), for tests of taking an awaited task out of a queue.</summary>
    public override bool Completes(int futureSlot, Type resultType) => futureSlot == Tag && resultType == typeof(int);

    public override string ToString() => Tag.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
