using Wyn.Host.Bench.Workloads;

namespace Wyn.Host.Bench;

/// <summary>One cell of the matrix: a workload at one size, under one option variant, on one strategy.</summary>
internal sealed record MatrixCell(Workload Workload, long Size, OptionVariant Variant, string Strategy);

/// <summary>One run: a cell in one repetition.</summary>
internal sealed record PlannedRun(int Repetition, MatrixCell Cell);

/// <summary>The order runs happen in.</summary>
internal static class RunPlan
{
    /// <summary>Every cell, in report order: workload, size, variant, strategy.</summary>
    public static List<MatrixCell> Cells(Experiment experiment) =>
        (from workload in experiment.Workloads
         from size in workload.Sizes
         from variant in experiment.Variants
         from strategy in experiment.Strategies
         select new MatrixCell(workload.Workload, size, variant, strategy)).ToList();

    /// <summary>
    /// Interleaved, as BENCHMARKS.md's protocol asks: each repetition is one round-robin pass over
    /// the whole matrix (A B C … A B C …), so a slow phase of a shared, noisy machine hits every
    /// contender alike instead of all repetitions of one. The strategies of a cell group take turns
    /// going first (A B C, then B C A, then C A B …): on this machine the first of several runs
    /// was sometimes the fastest, and no strategy may always get that seat.
    /// </summary>
    public static List<PlannedRun> Interleaved(Experiment experiment)
    {
        List<MatrixCell> cells = Cells(experiment);
        int strategies = experiment.Strategies.Count;
        var plan = new List<PlannedRun>(cells.Count * experiment.Repetitions);
        for (int repetition = 1; repetition <= experiment.Repetitions; repetition++)
        {
            int shift = (repetition - 1) % strategies;
            // Cells come in groups of one workload, size and variant, one cell per strategy.
            for (int group = 0; group < cells.Count; group += strategies)
            {
                for (int i = 0; i < strategies; i++)
                    plan.Add(new PlannedRun(repetition, cells[group + (i + shift) % strategies]));
            }
        }
        return plan;
    }
}
