using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Wyn.Engine.Schedulers;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Core;

/// <summary>
/// Registration through DI: options bind from <c>Wyn:Engine</c>, are validated when the host starts
/// (a bad value fails the start with the validator's message), and the engine's lifetime follows a
/// Generic Host.
/// </summary>
public sealed class DependencyInjectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    private static IHost BuildHost(IConfiguration configuration)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddWynEngine(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public void AddWynEngine_BindsEveryKeyUnderWynEngine()
    {
        IConfiguration configuration = Configuration(
            ("Wyn:Engine:Scheduler", "inline"),
            ("Wyn:Engine:Workers", "3"),
            ("Wyn:Engine:BatchSize", "16"),
            ("Wyn:Engine:TaskChunkSize", "64"),
            ("Wyn:Engine:FutureChunkSize", "32"),
            ("Wyn:Engine:PoolRetainedLimit", "100"),
            ("Wyn:Engine:MaxBlockingCompensation", "5"),
            ("Wyn:Engine:ShutdownMode", "Cancel"),
            ("Wyn:Engine:ShutdownTimeout", "00:00:07"),
            ("Wyn:Engine:UnhandledFailurePolicy", "StopEngine"));
        using ServiceProvider services = new ServiceCollection().AddWynEngine(configuration).BuildServiceProvider();
        EngineOptions options = services.GetRequiredService<WynEngine>().Options;
        Assert.Equal("inline", options.Scheduler);
        Assert.Equal(3, options.Workers);
        Assert.Equal(16, options.BatchSize);
        Assert.Equal(64, options.TaskChunkSize);
        Assert.Equal(32, options.FutureChunkSize);
        Assert.Equal(100, options.PoolRetainedLimit);
        Assert.Equal(5, options.MaxBlockingCompensation);
        Assert.Equal(ShutdownMode.Cancel, options.ShutdownMode);
        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownTimeout);
        Assert.Equal(UnhandledFailurePolicy.StopEngine, options.UnhandledFailurePolicy);
    }

    [Fact]
    public void AddWynEngine_AcceptsTheSectionItself()
    {
        IConfiguration configuration = Configuration(("Wyn:Engine:Workers", "5"), ("Wyn:Engine:Scheduler", "inline"));
        using ServiceProvider services = new ServiceCollection()
            .AddWynEngine(configuration.GetSection(EngineOptions.SectionName))
            .BuildServiceProvider();
        Assert.Equal(5, services.GetRequiredService<WynEngine>().Options.Workers);
    }

    [Fact]
    public async Task GenericHost_StartsTheEngine_SpawnsAndAwaits_AndStopsIt()
    {
        using IHost host = BuildHost(Configuration(("Wyn:Engine:Workers", "2"), ("Wyn:Engine:ShutdownTimeout", "00:00:20")));
        await host.StartAsync().Within(Timeout, "host start");
        WynEngine engine = host.Services.GetRequiredService<WynEngine>();
        Assert.Equal("batched", engine.SchedulerName);
        Assert.False(engine.IsStopped);
        int value = await AwaitIt(engine.Spawn(static () => 6 * 7)).Within(Timeout, "C# await through the hosted engine", engine);
        Assert.Equal(42, value);
        await host.StopAsync().Within(Timeout, "host stop", engine);
        Assert.True(engine.IsStopped);
        Assert.Equal(0, engine.GetPoolCounters().Outstanding);

        static async Task<int> AwaitIt(Future<int> f) => await f;
    }

    [Theory]
    [InlineData("Wyn:Engine:Workers", "0", ": 0 is not allowed")]
    [InlineData("Wyn:Engine:BatchSize", "-5", ": -5 is not allowed")]
    [InlineData("Wyn:Engine:TaskChunkSize", "0", ": 0 is not allowed")]
    [InlineData("Wyn:Engine:ShutdownTimeout", "-00:00:02", ": -00:00:02 is not allowed")]
    [InlineData("Wyn:Engine:Scheduler", "turbo", "unknown scheduler 'turbo'; valid names are: batched")]
    public async Task ValidateOnStart_FailsHostStart_WithTheMessage(string key, string value, string shown)
    {
        using IHost host = BuildHost(Configuration((key, value)));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Within(Timeout, "host start with a bad value"));
        Assert.Contains(error.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal) && f.Contains(shown, StringComparison.Ordinal));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableValue_FailsHostStart_NamingTheKeyAndTheValue()
    {
        using IHost host = BuildHost(Configuration(("Wyn:Engine:Workers", "many")));
        var error = await Assert.ThrowsAsync<EngineOptionsException>(() => host.StartAsync().Within(Timeout, "host start with an unreadable value"));
        // Worded as the engine's own validation words a bad value: key, value, what is allowed (sweep 8).
        Assert.Equal("Wyn:Engine:Workers: 'many' is not allowed; it must be a whole number.", error.Message);
    }

    [Fact]
    public async Task UnreadableEnumValue_FailsHostStart_ListingTheAllowedNames()
    {
        using IHost host = BuildHost(Configuration(("Wyn:Engine:ShutdownMode", "Abort")));
        var error = await Assert.ThrowsAsync<EngineOptionsException>(() => host.StartAsync().Within(Timeout, "host start with an unknown mode"));
        Assert.Equal("Wyn:Engine:ShutdownMode: 'Abort' is not allowed; it must be one of: Drain, Cancel.", error.Message);
    }

    /// <summary>Sweep 8: a misspelled key under Wyn:Engine was ignored silently.</summary>
    [Fact]
    public async Task MisspelledKey_FailsHostStart_NamingIt()
    {
        using IHost host = BuildHost(Configuration(("Wyn:Engine:Wokers", "2")));
        var error = await Assert.ThrowsAsync<EngineOptionsException>(() => host.StartAsync().Within(Timeout, "host start with a misspelled key"));
        Assert.Contains("Wokers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddWynScheduler_MakesAStrategyAvailableByName()
    {
        IConfiguration configuration = Configuration(("Wyn:Engine:Scheduler", "custom-inline"));
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddWynScheduler(new RenamedFactory("custom-inline", new InlineSchedulerFactory()));
        builder.Services.AddWynEngine(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync().Within(Timeout, "host start with a custom strategy");
        WynEngine engine = host.Services.GetRequiredService<WynEngine>();
        Assert.Equal(5, engine.Spawn(static () => 5).Await());
        Assert.Same(engine.Scheduler.GetType(), typeof(InlineScheduler));
        await host.StopAsync().Within(Timeout, "host stop", engine);
    }

    /// <summary>A strategy registered under a new name (what the strategies helper's additions will do).</summary>
    private sealed class RenamedFactory(string name, ISchedulerFactory inner) : ISchedulerFactory
    {
        public string Name => name;

        public string Description => "test: " + inner.Description;

        public IScheduler Create(SchedulerContext context) => inner.Create(context);
    }
}
