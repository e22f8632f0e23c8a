namespace Wyn.Language.Runtime;

/// <summary><c>min</c>, <c>max</c>, <c>abs_val</c> and the <c>Math.*</c> functions (double precision).</summary>
public static class WynMath
{
    public static long Min(long a, long b) => a <= b ? a : b;

    public static double Min(double a, double b) => Math.Min(a, b);

    public static long Max(long a, long b) => a >= b ? a : b;

    public static double Max(double a, double b) => Math.Max(a, b);

    /// <summary>Wraps like the rest of int arithmetic: <c>abs_val(long.MinValue)</c> is long.MinValue, not an overflow trap.</summary>
    public static long AbsVal(long x) => x < 0 ? unchecked(-x) : x;

    public static double AbsVal(double x) => Math.Abs(x);

    public static double Sqrt(double x) => Math.Sqrt(x);

    public static double Pow(double x, double y) => Math.Pow(x, y);

    public static double Floor(double x) => Math.Floor(x);

    public static double Ceil(double x) => Math.Ceiling(x);

    public static double Abs(double x) => Math.Abs(x);
}
