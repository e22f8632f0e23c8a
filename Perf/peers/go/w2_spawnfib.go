package main

// spawnFib is W2's fork-join: fib(n-1) runs in a new goroutine while this one
// computes fib(n-2). The 1-buffered channel is the future: the child never
// blocks on send, even if the parent has not reached its receive yet.
func spawnFib(n int) int64 {
	if n < 2 {
		return int64(n)
	}
	a := make(chan int64, 1)
	go func() { a <- spawnFib(n - 1) }()
	b := spawnFib(n - 2)
	return <-a + b
}

func spawnFibWorkload(n int) int64 { return spawnFib(n) }
