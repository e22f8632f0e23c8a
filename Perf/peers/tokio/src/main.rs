//! Runs one benchmark workload on tokio's multi-threaded runtime and prints
//! `tokio WORKLOAD N MS CHECKSUM`. Exits non-zero when the checksum is wrong.

mod checksums;
mod w1_spawn_await;
mod w2_spawnfib;
mod w3_uneven_fan_out;
mod w4_pipeline;
mod w5_pingpong;

use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: peers-tokio WORKLOAD N   (WORKLOAD: w1 w2 w3 w4 w5)");
        return ExitCode::from(64);
    }
    let workload = args[1].clone();
    let n: u64 = match args[2].parse() {
        Ok(n) => n,
        Err(_) => {
            eprintln!("N must be a non-negative integer, got {:?}", args[2]);
            return ExitCode::from(64);
        }
    };
    let expected = match workload.as_str() {
        "w1" | "w4" => checksums::sum_of_squares(n),
        "w5" => checksums::sum_of_successors(n),
        "w2" => checksums::sequential_fib(n),
        "w3" => checksums::sum_of_uneven_tasks(n),
        other => {
            eprintln!("unknown workload {other:?} (known: w1 w2 w3 w4 w5)");
            return ExitCode::from(64);
        }
    };

    // Default multi-threaded runtime: one worker per core, as #[tokio::main] builds.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .build()
        .expect("tokio runtime");

    // Where the timed section runs is chosen per workload, in tokio's favour (both were measured):
    // - W1, W3 and W4 run in block_on on the main thread, as `#[tokio::main]` does; a batch of spawns
    //   from there lands in the shared injection queue, ~10% faster here than from a worker.
    // - W2 and W5 run inside a spawned task, i.e. on a worker, where a real tokio service's code
    //   lives: spawn-then-await from block_on makes every round trip a cross-thread wake-up
    //   (W5 measured: ~20 us per round trip instead of ~0.15 us), which would not be a fair figure.
    let on_worker = matches!(workload.as_str(), "w2" | "w5");
    let timed = async move {
        // Warm up by the rule every runner follows (Wyn's C# runner, Go, the .NET baselines): the
        // warm-up size at least 5 times and for at least WYN_BENCH_WARMUP_MS (default 1000; 0 means
        // 5 runs only).
        let warm_size = if workload == "w2" { 15 } else { 10_000 };
        let warm_for = Duration::from_millis(
            std::env::var("WYN_BENCH_WARMUP_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000),
        );
        let warming = Instant::now();
        let mut runs = 0;
        while runs < 5 || warming.elapsed() < warm_for {
            run(&workload, warm_size).await;
            runs += 1;
        }
        let start = Instant::now();
        let checksum = run(&workload, n).await;
        (start.elapsed(), checksum)
    };
    let (elapsed, checksum) = runtime.block_on(async move {
        if on_worker {
            tokio::spawn(timed).await.expect("benchmark task panicked")
        } else {
            timed.await
        }
    });

    let ms = elapsed.as_secs_f64() * 1e3;
    println!("tokio {} {} {:.2} {}", args[1], n, ms, checksum);
    if checksum != expected {
        eprintln!("checksum mismatch: got {checksum}, want {expected}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

async fn run(workload: &str, n: u64) -> i64 {
    match workload {
        "w1" => w1_spawn_await::run(n).await,
        "w2" => w2_spawnfib::run(n).await,
        "w3" => w3_uneven_fan_out::run(n).await,
        "w4" => w4_pipeline::run(n).await,
        _ => w5_pingpong::run(n).await,
    }
}
