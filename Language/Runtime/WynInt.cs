namespace Wyn.Language.Runtime;

/// <summary>
/// Integer division and remainder with Wyn semantics. <c>+ - *</c> need no helper (plain IL wraps);
/// these exist because .NET throws for a zero divisor (Wyn panics with the source line) and for
/// <c>long.MinValue / -1</c> (Wyn wraps).
/// </summary>
public static class WynInt
{
    public static long Div(long a, long b, int line)
    {
        // One unsigned comparison filters the two special divisors (0 and -1) off the fast path.
        if ((ulong)(b + 1) <= 1UL)
        {
            if (b == 0)
            {
                throw new WynPanicException("division by zero", line);
            }

            return unchecked(-a);   // b == -1: negation wraps long.MinValue to itself
        }

        return a / b;
    }

    public static long Mod(long a, long b, int line)
    {
        if ((ulong)(b + 1) <= 1UL)
        {
            if (b == 0)
            {
                throw new WynPanicException("division by zero", line);
            }

            return 0;   // x % -1 is always 0; avoids the overflow trap for long.MinValue
        }

        return a % b;
    }
}
