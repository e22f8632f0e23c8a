//! Reference checksums, computed sequentially outside the timed section.

/// W1 and W4: the sum of i*i for 0 <= i < n with i64 wrapping
/// (10M overflows i64; Go and C# wrap the same way).
pub fn sum_of_squares(n: u64) -> i64 {
    (0..n as i64).fold(0i64, |sum, i| sum.wrapping_add(i.wrapping_mul(i)))
}

/// W2: fib(0) = 0, fib(1) = 1.
pub fn sequential_fib(n: u64) -> i64 {
    let (mut a, mut b) = (0i64, 1i64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// W3: the uneven tasks run one after the other, summed with wrapping.
pub fn sum_of_uneven_tasks(n: u64) -> i64 {
    (0..n as i64).fold(0i64, |sum, i| sum.wrapping_add(crate::w3_uneven_fan_out::task(i)))
}

/// W5: the sum of i+1 for 0 <= i < n, wrapping.
pub fn sum_of_successors(n: u64) -> i64 {
    (0..n as i64).fold(0i64, |sum, i| sum.wrapping_add(i.wrapping_add(1)))
}
