namespace Wyn.Host.Tests.Bench;

/// <summary>
/// W4 (three stages over bounded channels, Host/Bench/Workloads/BoundedBlockingChannel.cs) end to end
/// through <c>wyn-host bench</c>: every run finishes with the right checksum on every strategy that
/// runs tasks concurrently, with one worker and with two (stages blocked on each other must not
/// deadlock), and at sizes that stop exactly at, just past and far past the channels' capacity and
/// their wake-up threshold.
/// </summary>
public sealed class PipelineChannelTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public void The_pipeline_delivers_every_item_on_every_strategy_with_one_and_two_workers()
    {
        string results = Path.Combine(_files.Root, "w4");
        // One item, below the 512-item wake-up threshold, exactly the 1024-item capacity,
        // one past it, and many laps of the ring. Checksums are checked by the runner (sum of i*i).
        string file = _files.Write("w4.json", $$"""
            {
              "strategies": ["batched", "work-stealing", "channels", "threadpool", "inline"],
              "workloads": { "w4": [1, 100, 1024, 1025, 200000] },
              "variants": [
                { "name": "1 worker", "options": { "Workers": 1 } },
                { "name": "2 workers", "options": { "Workers": 2 } }
              ],
              "repetitions": 4,
              "timeoutSeconds": 30,
              "results": "{{results.Replace("\\", "\\\\", StringComparison.Ordinal)}}"
            }
            """);

        HostResult result = WynHost.Run("bench", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] runs = File.ReadAllLines(Path.Combine(results, "runs.csv")).Skip(1).ToArray();
        Assert.Equal(5 * 5 * 2 * 4, runs.Length);   // strategies × sizes × variants × repetitions
        foreach (string run in runs)
        {
            // inline runs a spawn at the spawn site, so a pipeline cannot run there: the runner says n/a.
            string expected = run.Contains(",inline,", StringComparison.Ordinal) ? ",n/a," : ",ok,";
            Assert.True(run.Contains(expected, StringComparison.Ordinal), run);
        }
    }

    public void Dispose() => _files.Dispose();
}
