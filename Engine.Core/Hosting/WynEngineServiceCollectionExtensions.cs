using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wyn.Engine;

/// <summary>Registration of the engine in a <see cref="IServiceCollection"/>.</summary>
public static class WynEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="WynEngine"/> whose options bind from <c>Wyn:Engine</c> in
    /// <paramref name="configuration"/> (or from the root section when it is that section already),
    /// are validated when the host starts (an unknown key under the section is an error too), and whose lifetime follows the host: started with it,
    /// stopped (in the configured shutdown mode) when it stops. Strategies come from
    /// <see cref="SchedulerCatalog.Default"/> plus every <see cref="ISchedulerFactory"/> registered in DI.
    /// </summary>
    public static IServiceCollection AddWynEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfiguration section = configuration is IConfigurationSection { Path: EngineOptions.SectionName }
            ? configuration
            : configuration.GetSection(EngineOptions.SectionName);
        return services.AddWynEngine(options =>
        {
            try
            {
                // A misspelled key ("Wokers") fails the host's start naming it, rather than being ignored (sweep 8).
                section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException error)
            {
                // A value of the wrong type, worded as the engine's own validation words a bad value (sweep 8).
                throw new EngineOptionsException(ConversionFailure.Describe(error.Message), error);
            }
        });
    }

    /// <summary>Registers the engine with options set in code.</summary>
    public static IServiceCollection AddWynEngine(this IServiceCollection services, Action<EngineOptions> configure)
    {
        services.AddOptions<EngineOptions>().Configure(configure).ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var catalog = new SchedulerCatalog();
            foreach (ISchedulerFactory builtIn in SchedulerCatalog.Default.Factories)
                catalog.Register(builtIn);
            foreach (ISchedulerFactory extra in sp.GetServices<ISchedulerFactory>())
                catalog.Register(extra);
            return catalog;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddSingleton(sp => new WynEngine(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetRequiredService<SchedulerCatalog>(),
            sp.GetService<ILogger<WynEngine>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WynEngineHostedService>());
        return services;
    }

    /// <summary>Adds a scheduler strategy by name, as a keyed service and to the engine's catalog.</summary>
    public static IServiceCollection AddWynScheduler(this IServiceCollection services, ISchedulerFactory factory)
    {
        services.AddKeyedSingleton(factory.Name, factory);
        services.AddSingleton(factory);
        return services;
    }
}
