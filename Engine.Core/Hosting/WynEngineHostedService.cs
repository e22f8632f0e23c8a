using Microsoft.Extensions.Hosting;

namespace Wyn.Engine;

/// <summary>Starts the engine with the host and stops it (configured mode and timeout) when the host stops.</summary>
internal sealed class WynEngineHostedService(WynEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await engine.StopAsync(engine.Options.ShutdownMode, engine.Options.ShutdownTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
}
