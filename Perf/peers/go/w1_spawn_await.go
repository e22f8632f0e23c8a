package main

import "sync"

// spawnAwait is W1: start n goroutines computing i*i, wait for all of them,
// then read the results in order. Goroutines have no return value, so the
// idiomatic "future" for a batch is a slot in a results slice plus a WaitGroup.
func spawnAwait(n int) int64 {
	results := make([]int64, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			results[i] = int64(i) * int64(i)
		}(i)
	}
	wg.Wait()

	var sum int64
	for _, r := range results {
		sum += r
	}
	return sum
}
