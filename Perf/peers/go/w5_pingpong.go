package main

// pingPong is W5: n times in a row, start one goroutine computing i+1 and wait
// for its answer before starting the next. Each round trip gets its own
// 1-buffered channel, the same future shape as W2, so the figure is the
// latency of spawn + hand-back, not of a long-lived worker goroutine.
func pingPong(n int) int64 {
	var sum int64
	for i := 0; i < n; i++ {
		answer := make(chan int64, 1)
		go func(i int64) { answer <- i + 1 }(int64(i))
		sum += <-answer
	}
	return sum
}
