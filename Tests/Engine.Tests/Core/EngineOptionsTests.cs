namespace Wyn.Engine.Tests.Core;

/// <summary>
/// Bad input (issue 2, promise 7): an invalid option fails engine creation with one message that
/// names the configuration key, the bad value and what is allowed — never a stack trace from deep
/// inside, never a half-started engine.
/// </summary>
public sealed class EngineOptionsTests
{
    public static TheoryData<string, Action<EngineOptions>, string> InvalidValues => new()
    {
        { "Wyn:Engine:Workers", o => o.Workers = 0, "0" },
        { "Wyn:Engine:Workers", o => o.Workers = -3, "-3" },
        { "Wyn:Engine:BatchSize", o => o.BatchSize = 0, "0" },
        { "Wyn:Engine:BatchSize", o => o.BatchSize = -1, "-1" },
        { "Wyn:Engine:TaskChunkSize", o => o.TaskChunkSize = 0, "0" },
        { "Wyn:Engine:TaskChunkSize", o => o.TaskChunkSize = -4096, "-4096" },
        { "Wyn:Engine:FutureChunkSize", o => o.FutureChunkSize = 0, "0" },
        { "Wyn:Engine:FutureChunkSize", o => o.FutureChunkSize = -1, "-1" },
        { "Wyn:Engine:Workers", o => o.Workers = 10_000, "10000" },
        { "Wyn:Engine:BatchSize", o => o.BatchSize = 2_000_000_000, "2000000000" },
        { "Wyn:Engine:TaskChunkSize", o => o.TaskChunkSize = 2_000_000, "2000000" },
        { "Wyn:Engine:FutureChunkSize", o => o.FutureChunkSize = 100_000_000, "100000000" },
        { "Wyn:Engine:PoolRetainedLimit", o => o.PoolRetainedLimit = -1, "-1" },
        { "Wyn:Engine:MaxBlockingCompensation", o => o.MaxBlockingCompensation = -1, "-1" },
        { "Wyn:Engine:ShutdownTimeout", o => o.ShutdownTimeout = TimeSpan.FromSeconds(-1), "-00:00:01" },
        // sweep 8: it said "-00:00:00.0010000 is not allowed; it must not be negative"
        { "Wyn:Engine:ShutdownTimeout", o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan, "Timeout.InfiniteTimeSpan" },
        { "Wyn:Engine:ShutdownMode", o => o.ShutdownMode = (ShutdownMode)7, "7" },
        { "Wyn:Engine:UnhandledFailurePolicy", o => o.UnhandledFailurePolicy = (UnhandledFailurePolicy)9, "9" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void InvalidValue_FailsCreation_WithOneLineNamingKeyAndValue(string key, Action<EngineOptions> spoil, string shownValue)
    {
        var options = new EngineOptions();
        spoil(options);
        var error = Assert.Throws<EngineOptionsException>(() => WynEngine.Create(options));
        AssertOneLine(error.Message);
        Assert.StartsWith(key + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(shownValue, error.Message, StringComparison.Ordinal);
        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fastest")]
    [InlineData("work stealing")]
    [InlineData("")]
    [InlineData("   ")]
    public void UnknownScheduler_FailsCreation_NamingKeyValueAndTheValidNames(string name)
    {
        var error = Assert.Throws<EngineOptionsException>(() => WynEngine.Create(o => o.Scheduler = name));
        AssertOneLine(error.Message);
        Assert.StartsWith("Wyn:Engine:Scheduler:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        foreach (string valid in SchedulerCatalog.Default.Names)
            Assert.Contains(valid, error.Message, StringComparison.Ordinal);
        Assert.Contains("batched", error.Message, StringComparison.Ordinal);
        Assert.Contains("inline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCatalog_SaysWhereStrategiesComeFrom_NotAnEmptyList()
    {
        // Wyn.Engine.Core without Wyn.Engine.Schedulers beside it: the message used to end
        // "valid names are: ." (found embedding the language without the strategies assembly).
        var error = Assert.Throws<EngineOptionsException>(() => new WynEngine(new EngineOptions(), new SchedulerCatalog()));
        AssertOneLine(error.Message);
        Assert.StartsWith("Wyn:Engine:Scheduler: unknown scheduler 'batched'; no scheduler strategies are registered", error.Message, StringComparison.Ordinal);
        Assert.Contains("Wyn.Engine.Schedulers", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("valid names are", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullScheduler_FailsCreation_WithTheSameMessage_NotANullReference()
    {
        var error = Assert.Throws<EngineOptionsException>(() => WynEngine.Create(o => o.Scheduler = null!));
        AssertOneLine(error.Message);
        Assert.StartsWith("Wyn:Engine:Scheduler:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralBadValues_AreAllReported_OneLineEach()
    {
        var error = Assert.Throws<EngineOptionsException>(() => WynEngine.Create(o =>
        {
            o.Workers = 0;
            o.BatchSize = -2;
            o.Scheduler = "nope";
        }));
        string[] lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("Wyn:Engine:Scheduler:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Wyn:Engine:Workers:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Wyn:Engine:BatchSize:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("BATCHED")]
    [InlineData("Inline")]
    public void SchedulerNames_AreCaseInsensitive(string name)
    {
        using WynEngine engine = WynEngine.Create(o =>
        {
            o.Scheduler = name;
            o.Workers = 1;
        });
        Assert.Equal(name.ToLowerInvariant(), engine.SchedulerName);
        Assert.Equal(3, engine.Spawn(static () => 3).Await());
    }

    [Fact]
    public void Defaults_AreValid_AndMatchTheDocumentation()
    {
        var options = new EngineOptions();
        Assert.Equal("batched", options.Scheduler);
        Assert.Equal(Environment.ProcessorCount, options.Workers);
        Assert.Equal(128, options.BatchSize);
        Assert.Equal(4096, options.TaskChunkSize);
        Assert.Equal(1024, options.FutureChunkSize);
        Assert.Equal(ShutdownMode.Drain, options.ShutdownMode);
        Assert.Empty(EngineOptionsValidator.Check(options, SchedulerCatalog.Default));
    }

    [Fact]
    public void EngineKeepsACopy_SoLaterChangesHaveNoEffect()
    {
        var options = new EngineOptions { Scheduler = "inline", Workers = 1 };
        using WynEngine engine = WynEngine.Create(options);
        options.Workers = 0;
        options.Scheduler = "nope";
        Assert.Equal(1, engine.Options.Workers);
        Assert.Equal("inline", engine.Options.Scheduler);
    }

    private static void AssertOneLine(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }
}
