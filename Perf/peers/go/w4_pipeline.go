package main

// pipelineCapacity is the buffer of each channel between stages. Every peer
// uses the same capacity so the comparison measures hand-off cost, not buffering.
const pipelineCapacity = 1024

// pipeline is W4: three goroutines connected by bounded channels.
// Stage 1 produces 0..n-1, stage 2 squares each item, stage 3 sums them and
// hands the total back on a 1-buffered channel.
func pipeline(n int) int64 {
	numbers := make(chan int64, pipelineCapacity)
	squares := make(chan int64, pipelineCapacity)
	total := make(chan int64, 1)

	go func() {
		for i := 0; i < n; i++ {
			numbers <- int64(i)
		}
		close(numbers)
	}()
	go func() {
		for x := range numbers {
			squares <- x * x
		}
		close(squares)
	}()
	go func() {
		var sum int64
		for s := range squares {
			sum += s
		}
		total <- sum
	}()
	return <-total
}
