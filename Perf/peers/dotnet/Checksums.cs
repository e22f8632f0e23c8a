namespace Wyn.Perf.Peers;

/// <summary>Reference checksums, computed sequentially outside the timed section.</summary>
internal static class Checksums
{
    /// <summary>W1, W4: sum of i*i for 0 &lt;= i &lt; n; C# long arithmetic wraps (unchecked) like Go's.</summary>
    public static long SumOfSquares(long n)
    {
        long sum = 0;
        for (long i = 0; i < n; i++)
        {
            sum += i * i;
        }
        return sum;
    }

    /// <summary>W2: fib(0) = 0, fib(1) = 1.</summary>
    public static long SequentialFib(long n)
    {
        (long a, long b) = (0, 1);
        for (long i = 0; i < n; i++)
        {
            (a, b) = (b, a + b);
        }
        return a;
    }

    /// <summary>W3: the uneven tasks run one after the other, summed.</summary>
    public static long SumOfUnevenTasks(long n)
    {
        long sum = 0;
        for (long i = 0; i < n; i++)
        {
            sum += UnevenWork.Task(i);
        }
        return sum;
    }

    /// <summary>W5: sum of i+1 for 0 &lt;= i &lt; n.</summary>
    public static long SumOfSuccessors(long n)
    {
        long sum = 0;
        for (long i = 0; i < n; i++)
        {
            sum += i + 1;
        }
        return sum;
    }
}
