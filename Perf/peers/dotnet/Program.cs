using System.Diagnostics;
using System.Globalization;
using Wyn.Perf.Peers;

// Runs one .NET baseline and prints "NAME WORKLOAD N MS CHECKSUM"; exit 1 on a wrong checksum.
// Usage: Peers.DotNet WORKLOAD N [VARIANT]
//   w1: task (Task.Run + await, default) | threadpool (UnsafeQueueUserWorkItem + countdown)
//   w2: result (Task.Run + blocking .Result, default) | async (Task.Run + await)
//   w3: task (Task.Run + await, default) | threadpool (UnsafeQueueUserWorkItem + countdown)
//   w4: channels (System.Threading.Channels, default)
//   w5: task (Task.Run + await, default)
if (args.Length is < 2 or > 3
    || !long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
{
    await Console.Error.WriteLineAsync("usage: Peers.DotNet WORKLOAD N [VARIANT]   (w1 w2 w3 w4 w5)");
    return 64;
}

var workload = args[0];
var baseline = Baselines.Find(workload, args.Length == 3 ? args[2] : null);
if (baseline is null)
{
    await Console.Error.WriteLineAsync($"unknown workload/variant: {string.Join(' ', args)}");
    return 64;
}

// The runtime is up once Main runs. Warm up by the rule every runner follows (Wyn's C# runner, Go,
// tokio): the warm-up size at least 5 times and for at least WYN_BENCH_WARMUP_MS (default 1000; 0 means
// 5 runs only), so the JIT has finished tiering and the pool is warm. Then time only the workload
// (Stopwatch is monotonic).
var warmSize = workload == "w2" ? 15 : 10_000;
var warmMs = int.TryParse(Environment.GetEnvironmentVariable("WYN_BENCH_WARMUP_MS"), out var w) && w >= 0 ? w : 1000;
var warming = Stopwatch.StartNew();
for (var i = 0; i < 5 || warming.ElapsedMilliseconds < warmMs; i++)
{
    await baseline.Run(warmSize);
}

var stopwatch = Stopwatch.StartNew();
var checksum = await baseline.Run(n);
var elapsed = stopwatch.Elapsed;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{baseline.Name} {workload} {n} {elapsed.TotalMilliseconds:F2} {checksum}"));

var expected = baseline.Expected(n);
if (checksum != expected)
{
    await Console.Error.WriteLineAsync($"checksum mismatch: got {checksum}, want {expected}");
    return 1;
}
return 0;
