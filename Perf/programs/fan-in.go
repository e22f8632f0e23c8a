// Fan-in, as Perf/programs/fan-in.wyn: 200 goroutines each send 5,000 values into one channel of capacity 16.
package main

import (
	"fmt"
	"time"
)

func produce(ch chan int64, base, count int64) {
	for i := int64(0); i < count; i++ {
		ch <- base + i
	}
}

func main() {
	producers, each := int64(200), int64(5000)
	ch := make(chan int64, 16)
	start := time.Now()
	for p := int64(0); p < producers; p++ {
		go produce(ch, p*each, each)
	}
	var sum int64
	for i := int64(0); i < producers*each; i++ {
		sum += <-ch
	}
	fmt.Println(sum)
	fmt.Printf("%d ms\n", time.Since(start).Milliseconds())
}
