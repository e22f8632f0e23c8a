package main

// sumOfSquares is the reference checksum of W1 and W4: the sum of i*i for
// 0 <= i < n, computed sequentially. int64 arithmetic wraps in Go, which is
// the wrapping the other peers reproduce explicitly (10M overflows int64).
func sumOfSquares(n int) int64 {
	var sum int64
	for i := 0; i < n; i++ {
		sum += int64(i) * int64(i)
	}
	return sum
}

// sequentialFib is the reference checksum of W2: fib(0)=0, fib(1)=1.
func sequentialFib(n int) int64 {
	var a, b int64 = 0, 1
	for i := 0; i < n; i++ {
		a, b = b, a+b
	}
	return a
}

// sumOfUnevenTasks is the reference checksum of W3: unevenTask(i) summed
// sequentially for 0 <= i < n.
func sumOfUnevenTasks(n int) int64 {
	var sum int64
	for i := 0; i < n; i++ {
		sum += unevenTask(int64(i))
	}
	return sum
}

// sumOfSuccessors is the reference checksum of W5: the sum of i+1 for 0 <= i < n.
func sumOfSuccessors(n int) int64 {
	var sum int64
	for i := 0; i < n; i++ {
		sum += int64(i) + 1
	}
	return sum
}
