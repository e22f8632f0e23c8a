using System.Threading.Channels;

namespace Wyn.Perf.Peers;

/// <summary>
/// W4: three tasks connected by bounded channels. Stage 1 produces 0..n-1, stage 2 squares,
/// stage 3 sums; the sum is the checksum. Single reader/writer per channel, as declared.
/// </summary>
internal static class PipelineWithChannels
{
    /// <summary>Buffer of each channel between stages; the same in every peer.</summary>
    private const int Capacity = 1024;

    public static async Task<long> Run(long n)
    {
        var numbers = CreateChannel();
        var squares = CreateChannel();

        var producer = Task.Run(async () =>
        {
            for (long i = 0; i < n; i++)
            {
                await numbers.Writer.WriteAsync(i);
            }
            numbers.Writer.Complete();
        });
        var squarer = Task.Run(async () =>
        {
            await foreach (var x in numbers.Reader.ReadAllAsync())
            {
                await squares.Writer.WriteAsync(x * x);
            }
            squares.Writer.Complete();
        });
        var summer = Task.Run(async () =>
        {
            long sum = 0;
            await foreach (var s in squares.Reader.ReadAllAsync())
            {
                sum += s;
            }
            return sum;
        });

        await producer;
        await squarer;
        return await summer;
    }

    private static Channel<long> CreateChannel() =>
        Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
}
