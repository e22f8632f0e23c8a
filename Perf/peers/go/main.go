// Command peers-go runs one benchmark workload with goroutines and prints
// "go WORKLOAD N MS CHECKSUM". It exits non-zero when the checksum is wrong,
// so a fast wrong answer can never pass as a result.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// workload is one timed section: it gets the size and returns the checksum.
type workload struct {
	run      func(n int) int64
	expected func(n int) int64
}

var workloads = map[string]workload{
	"w1": {spawnAwait, sumOfSquares},
	"w2": {spawnFibWorkload, sequentialFib},
	"w3": {unevenFanOut, sumOfUnevenTasks},
	"w4": {pipeline, sumOfSquares},
	"w5": {pingPong, sumOfSuccessors},
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: peers-go WORKLOAD N   (WORKLOAD: w1 w2 w3 w4 w5)")
		os.Exit(64)
	}
	name := os.Args[1]
	w, ok := workloads[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown workload %q (known: w1 w2 w3 w4 w5)\n", name)
		os.Exit(64)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n < 0 {
		fmt.Fprintf(os.Stderr, "N must be a non-negative integer, got %q\n", os.Args[2])
		os.Exit(64)
	}

	// The Go runtime is up before main runs. Warm up by the rule every runner follows (Wyn's C#
	// runner, tokio, the .NET baselines): the warm-up size at least 5 times and for at least
	// WYN_BENCH_WARMUP_MS (default 1000; 0 means 5 runs only). Then time only the workload itself.
	warmSize := 10000
	if name == "w2" {
		warmSize = 15
	}
	warmFor := 1000 * time.Millisecond
	if v, err := strconv.Atoi(os.Getenv("WYN_BENCH_WARMUP_MS")); err == nil && v >= 0 {
		warmFor = time.Duration(v) * time.Millisecond
	}
	warming := time.Now()
	for i := 0; i < 5 || time.Since(warming) < warmFor; i++ {
		w.run(warmSize)
	}

	start := time.Now() // monotonic clock reading
	checksum := w.run(n)
	elapsed := time.Since(start)

	ms := float64(elapsed.Nanoseconds()) / 1e6
	fmt.Printf("go %s %d %.2f %d\n", name, n, ms, checksum)
	if want := w.expected(n); checksum != want {
		fmt.Fprintf(os.Stderr, "checksum mismatch: got %d, want %d\n", checksum, want)
		os.Exit(1)
	}
}
