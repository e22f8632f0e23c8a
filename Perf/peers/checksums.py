#!/usr/bin/env python3
"""Expected checksums of the side-by-side workloads, independent of every contender.

compare.sh checks each run's printed checksum against these, so a contender that does not
verify itself (e.g. a Wyn program that only prints its sum) still cannot pass a wrong answer.

Usage: checksums.py WORKLOAD N   ->  prints the expected checksum
"""
import sys

INT64_RANGE = 1 << 64


def wrap_int64(value: int) -> int:
    """Two's-complement wrapping, as Go, Rust's wrapping_* and unchecked C# do."""
    return (value + (1 << 63)) % INT64_RANGE - (1 << 63)


def sum_of_squares(n: int) -> int:
    """W1 and W4: sum of i*i for 0 <= i < n (closed form, then wrapped to int64)."""
    return wrap_int64((n - 1) * n * (2 * n - 1) // 6) if n > 0 else 0


def sum_of_successors(n: int) -> int:
    """W5: sum of i+1 for 0 <= i < n (the task of each round trip computes i+1)."""
    return wrap_int64(n * (n + 1) // 2)


# W3's per-task work (Host/Bench/Workloads/UnevenFanOut.cs): task i starts with acc = i and applies
# the 64-bit LCG step acc = acc * A + C (wrapping) i % 1000 times; its result is acc & 0xFFFF.
UNEVEN_MULTIPLIER = 6364136223846793005
UNEVEN_INCREMENT = 1442695040888963407
UNEVEN_PERIOD = 1000
LOW_16_BITS = 0xFFFF


def uneven_task(i: int) -> int:
    """W3's task i, step by step exactly as the contenders run it (for cross-checking small n)."""
    acc = i
    for _ in range(i % UNEVEN_PERIOD):
        acc = wrap_int64(acc * UNEVEN_MULTIPLIER + UNEVEN_INCREMENT)
    return acc & LOW_16_BITS


def uneven_fan_out(n: int) -> int:
    """W3: sum of uneven_task(i) for 0 <= i < n, by a different route than the contenders'.

    Looping i % 1000 times per task would take Python minutes at 1M (~500M steps). Instead:
    k steps of x -> A*x + C are one affine map x -> A_k*x + C_k (A_k = A^k, C_k = C*(A^(k-1)+…+1)),
    and the low 16 bits of a wrapped product or sum depend only on the low 16 bits of the operands,
    so every task is one multiply-add modulo 2^16 with the map of its k = i % 1000.
    """
    modulus = LOW_16_BITS + 1
    maps = [(1, 0)]  # (A_k, C_k) modulo 2^16
    for _ in range(1, UNEVEN_PERIOD):
        a_k, c_k = maps[-1]
        maps.append(((a_k * UNEVEN_MULTIPLIER) % modulus, (c_k * UNEVEN_MULTIPLIER + UNEVEN_INCREMENT) % modulus))
    total = 0
    for i in range(n):
        a_k, c_k = maps[i % UNEVEN_PERIOD]
        total += (a_k * i + c_k) % modulus
    return wrap_int64(total)


def fib(n: int) -> int:
    """W2: fib(0) = 0, fib(1) = 1, wrapped like the contenders' 64-bit arithmetic."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return wrap_int64(a)


def spawns_of_spawnfib(n: int) -> int:
    """Tasks spawned by spawnfib(n): one per call with n >= 2, i.e. fib(n+1) - 1."""
    return fib(n + 1) - 1 if n >= 1 else 0


EXPECTED = {
    "w1": sum_of_squares,
    "w2": fib,
    "w3": uneven_fan_out,
    "w4": sum_of_squares,
    "w5": sum_of_successors,
}


def expected(workload: str, n: int) -> int | None:
    """The expected checksum, or None for a workload whose checksum is not defined here."""
    compute = EXPECTED.get(workload)
    return compute(n) if compute else None


def operations(workload: str, n: int) -> int:
    """The unit behind 'ns per op': tasks (W1, W3), spawns (W2), items (W4), round trips (W5)."""
    return spawns_of_spawnfib(n) if workload == "w2" else n


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[2].isdigit():
        sys.exit("usage: checksums.py WORKLOAD N")
    value = expected(sys.argv[1], int(sys.argv[2]))
    if value is None:
        sys.exit(f"no checksum defined for workload {sys.argv[1]!r}")
    print(value)
