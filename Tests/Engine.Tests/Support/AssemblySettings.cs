// The tests measure engine threads by name (thread-leak checks) and time-box every wait; test classes
// running side by side on this 2-core machine would see each other's worker threads and starve each
// other's workers. One test at a time keeps both the counts and the timings meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
