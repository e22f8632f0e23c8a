using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wyn.Engine;
using Wyn.Host.CommandLine;
using Wyn.Host.Configuration;
using Wyn.Host.Logging;
using Wyn.Host.Running;

namespace Wyn.Host.Hosting;

/// <summary>
/// Builds the Generic Host of one wyn-host invocation: configuration (file, WYN_ environment,
/// command line), stderr logging, the engine (<c>AddWynEngine</c>, options validated on start),
/// the signal-aware lifetime and the service that runs the program.
/// </summary>
internal static class WynHostBuilder
{
    public static IHost Build(HostArguments arguments, ProgramOutput output)
    {
        // DisableDefaults: no appsettings.json, no unprefixed environment variables, no console
        // logger writing to stdout — wyn-host's configuration is exactly the three sources below,
        // and stdout belongs to the Wyn program.
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });

        HostConfigurationSources.AddTo(builder.Configuration, arguments);
        ConfigurationKeyCheck.Check(builder.Configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new StderrLoggerProvider(Console.Error));
        builder.Logging.SetMinimumLevel(arguments.Verbose ? LogLevel.Debug : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        builder.Services.AddSingleton(output);
        builder.Services.AddSingleton<TerminationSignal>();
        builder.Services.AddSingleton<ProgramRun>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, SignalHostLifetime>());

        // Order matters: hosted services start in registration order and stop in reverse, so the
        // engine is running before the program starts and stops only after the program has ended.
        builder.Services.AddWynEngine(builder.Configuration);
        builder.Services.AddHostedService<ProgramRunService>();

        return builder.Build();
    }
}
