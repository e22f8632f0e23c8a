//! W2: fork-join fib, spawning at every level.

use std::future::Future;
use std::pin::Pin;

// A recursive async fn needs a boxed future: its size would otherwise be infinite.
type BoxedFib = Pin<Box<dyn Future<Output = i64> + Send>>;

fn fib(n: u64) -> BoxedFib {
    Box::pin(async move {
        if n < 2 {
            return n as i64;
        }
        let a = tokio::spawn(fib(n - 1));
        let b = fib(n - 2).await;
        a.await.expect("task panicked").wrapping_add(b)
    })
}

pub async fn run(n: u64) -> i64 {
    fib(n).await
}
