"""PNG charts for the report of Perf/compare.sh: one chart per workload, median ms by size.

Used by report.py; matplotlib is optional. When it cannot be imported, write_charts says why and
the report is written without charts (compare.sh looks for an interpreter that has it first).
"""
import os
import sys

# The reference peers keep the same look in every chart, so they are easy to find at a glance.
PEER_STYLES = {"go": ("#00add8", "--"), "tokio": ("#b7410e", "--")}
OTHER_COLOURS = ["#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf", "#ff7f0e", "#393b79", "#637939"]


class ChartsUnavailable(Exception):
    """matplotlib cannot be used; the message says why and how to get it."""


def load_pyplot():
    try:
        import matplotlib
    except ImportError as error:
        raise ChartsUnavailable(
            f"matplotlib is not installed for this interpreter ({sys.executable}: {error}); "
            "install it with `apt-get install python3-matplotlib` (for /usr/bin/python3) or "
            "`pip install matplotlib`") from error
    matplotlib.use("Agg")  # no display: render straight to PNG
    import matplotlib.pyplot as pyplot
    return pyplot


def styles_for(contenders):
    """Colour and line style of each contender, the same in every chart: the peers dashed in fixed
    colours, the .NET baselines dotted, Wyn solid."""
    styles, next_colour = {}, 0
    for contender in contenders:
        if contender in PEER_STYLES:
            styles[contender] = PEER_STYLES[contender]
        elif contender not in styles:
            linestyle = ":" if contender.startswith("dotnet-") else "-"
            styles[contender] = (OTHER_COLOURS[next_colour % len(OTHER_COLOURS)], linestyle)
            next_colour += 1
    return styles


def plain_number(value, _position=None):
    """Tick labels as plain numbers (2,000 rather than 2×10³): readers compare them with the tables."""
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


def label_log_axis(axis):
    """Plain labels on a logarithmic ms axis; minor ticks labelled only when it spans a decade or less."""
    from matplotlib.ticker import FuncFormatter, LogFormatter
    axis.set_major_formatter(FuncFormatter(plain_number))
    axis.set_minor_formatter(LogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.4)))


def line_chart(axes, series, sizes, styles, size_label):
    """Several sizes: ms by size, both axes logarithmic when the sizes span a decade or more."""
    from matplotlib.ticker import NullFormatter  # only once load_pyplot has succeeded
    logarithmic = max(sizes) >= 10 * min(sizes)
    for rank, (contender, points) in enumerate(series.items()):
        colour, linestyle = styles[contender]
        # Each contender a hair to the side of the size, so that overlapping whiskers stay readable.
        dodge = rank - (len(series) - 1) / 2
        xs = [n * 10 ** (0.008 * dodge) if logarithmic else n + 0.05 * dodge for n, _, _, _ in points]
        medians = [median for _, median, _, _ in points]
        below = [median - low for _, median, low, _ in points]
        above = [high - median for _, median, _, high in points]
        axes.errorbar(xs, medians, yerr=[below, above], label=contender, color=colour,
                      linestyle=linestyle, marker="o", markersize=4, capsize=3, linewidth=1.5)
    axes.set_yscale("log")
    label_log_axis(axes.yaxis)
    if logarithmic:
        axes.set_xscale("log")
    # Ticks exactly at the measured sizes, and no labels in between (a log axis adds some).
    axes.set_xticks(sizes)
    axes.set_xticklabels([f"{n:,}" for n in sizes])
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_xlabel(size_label)
    axes.set_ylabel("median ms (log scale; bars: min–max)")
    axes.legend(fontsize="small", loc="upper left")


def bar_chart(axes, series, size, styles, size_label):
    """One size: one horizontal bar per contender, ms on a logarithmic axis."""
    contenders = list(series)
    medians, errors, colours = [], [[], []], []
    for contender in contenders:
        _, median, low, high = series[contender][0]
        medians.append(median)
        errors[0].append(median - low)
        errors[1].append(high - median)
        colours.append(styles[contender][0])
    positions = range(len(contenders))
    axes.barh(positions, medians, xerr=errors, color=colours, capsize=3)
    axes.set_yticks(list(positions))
    axes.set_yticklabels(contenders)
    axes.invert_yaxis()  # first contender on top, as in the table
    axes.set_xscale("log")
    label_log_axis(axes.xaxis)
    axes.set_xlabel(f"median ms at {size_label} = {size:,} (log scale; whiskers: min–max)")
    # The figure right of the whisker, so that neither hides the other.
    for position, median, above in zip(positions, medians, errors[1]):
        axes.annotate(f"{median:,.1f}", (median + above, position), xytext=(5, 0), textcoords="offset points",
                      va="center", fontsize="small")
    axes.margins(x=0.15)  # room for the last figure


def write_chart(pyplot, path, title, subtitle, series, styles, size_label):
    """series: contender -> [(n, median, min, max)] sorted by n, only contenders with data."""
    sizes = sorted({n for points in series.values() for n, _, _, _ in points})
    figure, axes = pyplot.subplots(figsize=(8, 4.8 if len(sizes) > 1 else 1.2 + 0.45 * len(series)))
    if len(sizes) > 1:
        line_chart(axes, series, sizes, styles, size_label)
    else:
        bar_chart(axes, series, sizes[0], styles, size_label)
    axes.grid(True, which="both", linewidth=0.3)
    axes.set_title(f"{title} — lower is better\n{subtitle}", fontsize="medium")
    figure.tight_layout()
    # No timestamp in the file, so that an unchanged chart is an unchanged file.
    figure.savefig(path, dpi=100, metadata={"Software": None})
    pyplot.close(figure)


def write_charts(folder, workloads, subtitle):
    """workloads: [(workload id, title, size label, series)]; returns {workload id: file name} of the charts written.

    Raises ChartsUnavailable when matplotlib cannot be loaded.
    """
    pyplot = load_pyplot()
    os.makedirs(folder, exist_ok=True)
    styles = styles_for(contender for *_, series in workloads for contender in series)
    written = {}
    for workload, title, size_label, series in workloads:
        if not series:
            continue  # nothing ran: the table says why
        name = f"{workload}.png"
        write_chart(pyplot, os.path.join(folder, name), title, subtitle, series, styles, size_label)
        written[workload] = name
    return written
