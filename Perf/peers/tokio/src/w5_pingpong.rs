//! W5: n times in a row, spawn one task and await it at once.
//! The checksum is the sum of the answers (i+1).

pub async fn run(n: u64) -> i64 {
    let mut sum = 0i64;
    for i in 0..n as i64 {
        let answer = tokio::spawn(async move { i.wrapping_add(1) }).await;
        sum = sum.wrapping_add(answer.expect("task panicked"));
    }
    sum
}
