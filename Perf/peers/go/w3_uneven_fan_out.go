package main

import "sync"

// The per-task work of W3, exactly as Wyn's C# runner defines it
// (Host/Bench/Workloads/UnevenFanOut.cs): task i starts from acc = i and
// applies a 64-bit LCG step i % 1000 times, so the cheapest and the dearest
// task differ 1000x. int64 arithmetic wraps in Go, as unchecked C# does.
const (
	unevenMultiplier int64 = 6364136223846793005
	unevenIncrement  int64 = 1442695040888963407
	unevenPeriod           = 1000
)

// unevenTask returns the low 16 bits of the final state. Every step depends
// on the one before, and the result is summed into the checksum, so no
// compiler can skip or collapse the loop.
func unevenTask(i int64) int64 {
	acc := i
	rounds := i % unevenPeriod
	for k := int64(0); k < rounds; k++ {
		acc = acc*unevenMultiplier + unevenIncrement
	}
	return acc & 0xFFFF
}

// unevenFanOut is W3: the shape of W1 (one goroutine per task writing its
// slot, one WaitGroup for the batch, results summed in order), with tasks
// whose cost varies 1000x, so the figure shows how the scheduler balances
// uneven work rather than the bare cost of a spawn.
func unevenFanOut(n int) int64 {
	results := make([]int64, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			results[i] = unevenTask(int64(i))
		}(i)
	}
	wg.Wait()

	var sum int64
	for _, r := range results {
		sum += r
	}
	return sum
}
