//! W1: spawn n tasks computing i*i, then await every JoinHandle in order.

pub async fn run(n: u64) -> i64 {
    let handles: Vec<_> = (0..n as i64)
        .map(|i| tokio::spawn(async move { i.wrapping_mul(i) }))
        .collect();

    let mut sum = 0i64;
    for handle in handles {
        sum = sum.wrapping_add(handle.await.expect("task panicked"));
    }
    sum
}
