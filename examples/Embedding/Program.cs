// Embedding the Wyn engine in a .NET service: register it with AddWynEngine (options from the
// "Wyn:Engine" configuration section, validated at start), then inject WynEngine wherever work is
// spawned. The engine starts and stops with the host.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wyn.Engine;
using Wyn.Examples.Embedding;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWynEngine(builder.Configuration);
builder.Services.AddHostedService<SumOfSquaresWorker>();
await builder.Build().RunAsync();
