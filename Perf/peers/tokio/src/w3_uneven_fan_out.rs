//! W3: spawn n tasks whose cost varies 1000x, then await every JoinHandle in order.
//! The shape of W1; only the per-task work differs.

/// The per-task work, exactly as Wyn's C# runner defines it
/// (Host/Bench/Workloads/UnevenFanOut.cs): task i starts from acc = i and applies a
/// 64-bit LCG step i % 1000 times (wrapping, as Go and unchecked C# do).
const MULTIPLIER: i64 = 6364136223846793005;
const INCREMENT: i64 = 1442695040888963407;
const PERIOD: i64 = 1000;

/// The low 16 bits of the final state. Every step depends on the one before and the result is
/// summed into the checksum, so the loop cannot be skipped. With the constants visible, though,
/// LLVM unrolls it by 8 and folds 8 steps into one (acc * A^8 + C'): an eighth of the work of the
/// Go, .NET and Wyn contenders, whose compilers do every step (seen in the disassembly).
/// `black_box` hides the constants' values from the optimiser (two loads per task, not per step),
/// so every contender does the same i % 1000 multiply-adds.
pub fn task(i: i64) -> i64 {
    let multiplier = std::hint::black_box(MULTIPLIER);
    let increment = std::hint::black_box(INCREMENT);
    let mut acc = i;
    for _ in 0..i % PERIOD {
        acc = acc.wrapping_mul(multiplier).wrapping_add(increment);
    }
    acc & 0xFFFF
}

pub async fn run(n: u64) -> i64 {
    let handles: Vec<_> = (0..n as i64)
        .map(|i| tokio::spawn(async move { task(i) }))
        .collect();

    let mut sum = 0i64;
    for handle in handles {
        sum = sum.wrapping_add(handle.await.expect("task panicked"));
    }
    sum
}
