//! W4: three tasks connected by bounded mpsc channels.
//! Stage 1 produces 0..n, stage 2 squares, stage 3 sums; the sum is the checksum.

use tokio::sync::mpsc;

/// Buffer of each channel between stages; the same in every peer.
const PIPELINE_CAPACITY: usize = 1024;

pub async fn run(n: u64) -> i64 {
    let (numbers_tx, mut numbers_rx) = mpsc::channel::<i64>(PIPELINE_CAPACITY);
    let (squares_tx, mut squares_rx) = mpsc::channel::<i64>(PIPELINE_CAPACITY);

    let producer = tokio::spawn(async move {
        for i in 0..n as i64 {
            numbers_tx.send(i).await.expect("stage 2 hung up");
        }
        // Dropping the sender closes the channel and ends stage 2's loop.
    });
    let squarer = tokio::spawn(async move {
        while let Some(x) = numbers_rx.recv().await {
            squares_tx.send(x.wrapping_mul(x)).await.expect("stage 3 hung up");
        }
    });
    let summer = tokio::spawn(async move {
        let mut sum = 0i64;
        while let Some(s) = squares_rx.recv().await {
            sum = sum.wrapping_add(s);
        }
        sum
    });

    producer.await.expect("stage 1 panicked");
    squarer.await.expect("stage 2 panicked");
    summer.await.expect("stage 3 panicked")
}
