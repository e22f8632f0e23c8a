#!/usr/bin/env python3
"""Turns the raw results of Perf/compare.sh into a markdown report, one table per workload.

Usage: report.py RESULTS_DIR OUTPUT_FILE [--charts DIR]

RESULTS_DIR holds what compare.sh wrote:
  meta.txt         "key: value" lines (machine facts, versions, mode, rounds)
  contenders.csv   contender,workload,state,reason  (state: available | n/a), in table order
  runs.csv         round,workload,n,contender,status,ms,wall_ms,rss_kib,checksum,busy,detail
                   (busy: other programs' tasks ready to run when the run started)
The report is written to OUTPUT_FILE.tmp and renamed, so a failed run never leaves half a report.
Charts (charts.py: one PNG per workload, median ms by size on a log scale) go to DIR, by default
the folder OUTPUT_FILE without its extension plus "-charts" (docs/x.md -> docs/x-charts/), and
the report links them relatively. Without matplotlib the report says that the charts were skipped
and why, and is written all the same.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

import charts
from checksums import operations

WORKLOAD_TITLES = {
    "w1": ("W1 spawn-await", "task"),
    "w2": ("W2 spawnfib", "spawn"),
    "w3": ("W3 uneven fan-out", "task"),
    "w4": ("W4 pipeline", "item"),
    "w5": ("W5 pingpong", "round trip"),
}
# Ratios are stated against these peers when they ran in the same session.
REFERENCE_PEERS = ("go", "tokio")


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip()] = value.strip()
    return meta


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fmt_ms(value):
    return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def fmt_ratio(value, reference):
    return f"{value / reference:.2f}×" if reference else "n/a"


class Cell:
    """The runs of one contender at one workload and size."""

    def __init__(self):
        self.ok = []  # (ms, wall_ms, rss_kib) of runs with the right checksum
        self.failures = []  # (round, status, detail)
        self.whole_process_timer = False  # the program printed only its checksum
        self.unsupported = None  # the contender's usage/config error for this workload, if any

    def median(self, index):
        values = [run[index] for run in self.ok if run[index] is not None]
        return statistics.median(values) if values else None


def collect(runs):
    cells = defaultdict(Cell)
    for run in runs:
        key = (run["workload"], int(run["n"]), run["contender"])
        if run["status"] == "unsupported":
            cells[key].unsupported = run["detail"]
        elif run["status"] == "ok":
            rss = int(run["rss_kib"]) if run["rss_kib"] else None
            wall = float(run["wall_ms"]) if run["wall_ms"] else None
            cells[key].ok.append((float(run["ms"]), wall, rss))
            if run["detail"].startswith("timer: whole process"):
                cells[key].whole_process_timer = True
        else:
            cells[key].failures.append((run["round"], run["status"], run["detail"]))
    return cells


def failure_notes(contender, workload, n, failures):
    """One note per distinct failure, naming the rounds it happened in."""
    rounds_by_failure = defaultdict(list)
    for round_no, status, detail in failures:
        rounds_by_failure[(status, detail)].append(round_no)
    return [f"- {contender} {workload} N={n:,}, round(s) {', '.join(rounds)}: **{status}** {detail}".rstrip()
            for (status, detail), rounds in rounds_by_failure.items()]


def workload_title(workload):
    return WORKLOAD_TITLES.get(workload, (workload.upper(), "op"))[0]


def workload_section(workload, sizes, contenders, unavailable, cells, chart_link):
    title, unit = WORKLOAD_TITLES.get(workload, (workload.upper(), "op"))
    lines = [
        f"## {title}",
        "",
    ]
    if chart_link:
        lines += [f"![{title}: median ms by size, log scale]({chart_link})", ""]
    lines += [
        f"| N | contender | median ms | min–max ms | ns/{unit} | × Go | × tokio | wall ms | peak RSS MiB | ok runs |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for n in sizes:
        references = {peer: cells[(workload, n, peer)].median(0) if (workload, n, peer) in cells else None
                      for peer in REFERENCE_PEERS}
        for contender in contenders:
            cell = cells.get((workload, n, contender))
            if cell is None:
                continue
            if cell.unsupported is not None and not cell.ok and not cell.failures:
                lines.append(f"| {n:,} | {contender} | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |")
                notes.append(f"- {contender} N={n:,}: n/a — not supported ({cell.unsupported})")
                continue
            runs = len(cell.ok) + len(cell.failures)
            notes += failure_notes(contender, workload, n, cell.failures)
            if cell.whole_process_timer:
                notes.append(f"- {contender} N={n:,}: † timed as a whole process (the program prints "
                             "only its checksum), so its ms include start-up")
            median = cell.median(0)
            if median is None:
                lines.append(f"| {n:,} | {contender} | **failed** | | | | | | | 0/{runs} |")
                continue
            times = [run[0] for run in cell.ok]
            wall = cell.median(1)
            rss = cell.median(2)
            columns = [
                f"{n:,}", contender, fmt_ms(median) + (" †" if cell.whole_process_timer else ""), f"{fmt_ms(min(times))}–{fmt_ms(max(times))}",
                f"{median * 1e6 / operations(workload, n):,.0f}",
                fmt_ratio(median, references["go"]), fmt_ratio(median, references["tokio"]),
                fmt_ms(wall) if wall is not None else "n/a",
                f"{rss / 1024:,.0f}" if rss is not None else "n/a",
                f"{len(cell.ok)}/{runs}",
            ]
            lines.append("| " + " | ".join(columns) + " |")
    # A contender that cannot run here keeps its row, once, so a missing peer is visible.
    for contender, reason in unavailable.items():
        lines.append(f"| all | {contender} | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |")
        notes.append(f"- {contender}: n/a — {reason}")
    if notes:
        lines += ["", *notes]
    return lines + [""]


def busy_warning(meta):
    """A warning when other work competed for the cores: the figures are then noisy, ratios less so."""
    try:
        cores = int(meta["nproc"])
        loads = [float(meta[key].split()[0]) for key in ("load before", "load after") if key in meta]
    except (KeyError, ValueError, IndexError):
        return None
    if not loads or max(loads) <= cores * 0.75:
        return None
    return (f"**Caution:** the machine was busy with other work (1-minute load average up to "
            f"{max(loads):.1f} on {cores} cores): absolute figures are noisy; compare contenders "
            "within this run (the ratios) rather than with figures from other runs.")


def chart_series(workload, sizes, contenders, cells):
    """contender -> [(n, median ms, min ms, max ms)] over the sizes where it had correct runs."""
    series = {}
    for contender in contenders:
        points = []
        for n in sizes:
            cell = cells.get((workload, n, contender))
            if cell is not None and cell.ok:
                times = [run[0] for run in cell.ok]
                points.append((n, statistics.median(times), min(times), max(times)))
        if points:
            series[contender] = points
    return series


def draw_charts(meta, workloads, sizes_by_workload, per_workload, cells, charts_dir, output_dir):
    """Writes the charts; returns ({workload: link relative to the report}, a note for the report)."""
    subtitle = (f"median of {meta.get('rounds', '?')} interleaved round(s), {meta.get('started', '?')}, "
                f"{meta.get('nproc', '?')} cores, load {meta.get('load before', '?').split(' ')[0]}")
    requests = [(workload, workload_title(workload), "n (fib argument)" if workload == "w2" else "N",
                 chart_series(workload, sizes_by_workload[workload], per_workload[workload]["contenders"], cells))
                for workload in workloads]
    try:
        written = charts.write_charts(charts_dir, requests, subtitle)
    except charts.ChartsUnavailable as reason:
        print(f"report.py: charts skipped: {reason}", file=sys.stderr)
        return {}, f"**Charts skipped:** {reason}."
    except Exception as error:  # a chart must never cost the tables: say so and go on
        print(f"report.py: charts failed: {error!r}", file=sys.stderr)
        return {}, f"**Charts failed:** {type(error).__name__}: {error}."
    folder = os.path.relpath(charts_dir, output_dir)
    print(f"charts: {charts_dir}/ ({', '.join(written.values()) or 'none'})", file=sys.stderr)
    links = {workload: f"{folder}/{name}".replace(os.sep, "/") for workload, name in written.items()}
    if not links:
        return {}, "**Charts:** none (no contender had a correct run)."
    return links, (f"**Charts:** one per workload, median ms by size on a log scale (PNG files in "
                   f"`{folder}/`).")


def render(results_dir, charts_dir, output_dir):
    meta = read_meta(os.path.join(results_dir, "meta.txt"))
    contender_rows = read_csv(os.path.join(results_dir, "contenders.csv"))
    runs = read_csv(os.path.join(results_dir, "runs.csv"))
    cells = collect(runs)

    workloads = []
    per_workload = defaultdict(lambda: {"contenders": [], "unavailable": {}})
    for row in contender_rows:
        workload = row["workload"]
        if workload not in workloads:
            workloads.append(workload)
        per_workload[workload]["contenders"].append(row["contender"])
        if row["state"] != "available":
            per_workload[workload]["unavailable"][row["contender"]] = row["reason"]

    lines = [
        "# Side-by-side benchmarks",
        "",
        f"Produced by `{meta.get('command', 'Perf/compare.sh')}` from {meta.get('started', '?')} to "
        f"{meta.get('finished', '?')}: {meta.get('rounds', '?')} round(s), contenders interleaved "
        "(A B C A B C …), a fresh process for every run"
        + (f"; every in-process runner warmed up for at least {meta['warm-up']} ms before its timed run."
           if "warm-up" in meta else "."),
        "",
        "| machine | |",
        "|---|---|",
    ]
    for key in ("cpu", "nproc", "memory", "kernel", "os", "dotnet", "go", "rustc", "tokio",
                "load before", "load after"):
        if key in meta:
            lines.append(f"| {key} | {meta[key]} |")
    busy_counts = sorted(int(run["busy"]) for run in runs if run.get("busy", "").isdigit())
    if busy_counts:
        quiet = sum(1 for count in busy_counts if count == 0)
        lines.append(f"| other runnable tasks at run start | median {statistics.median(busy_counts):g}, "
                     f"max {busy_counts[-1]}; {quiet} of {len(busy_counts)} runs started on a quiet machine |")
    busy = busy_warning(meta)
    if busy:
        lines += ["", busy]
    missing = defaultdict(list)  # (contender, reason) -> workloads
    for workload in workloads:
        for contender, reason in per_workload[workload]["unavailable"].items():
            missing[(contender, reason)].append(workload)
    if missing:
        lines += ["", "**Not measured in this run** (n/a in the tables):", ""]
        lines += [f"- {contender} ({', '.join(names)}): {reason}" for (contender, reason), names in missing.items()]
    lines += [
        "",
        "How to read: **ms** is the contender's own in-process monotonic timer around the workload, "
        "started after its runtime is up (the peers and the C# API runner first warm up with small "
        "runs, at least 5 and for the time stated above, see Perf/peers/README.md; a `wyn-host` "
        "program times itself from its first line, with no warm-up); **wall ms** is the whole process "
        "(start-up, JIT, exit); "
        "**peak RSS** is the process's maximum resident set (`/usr/bin/time -f %M`). "
        "Figures are medians over the runs with a correct checksum. **× Go** and **× tokio** are "
        "this median divided by that peer's median in the same run: below 1.00× is faster. "
        "n/a marks a contender that could not run here (reason below its table).",
        "",
    ]
    sizes_by_workload = {}
    for workload in workloads:
        sizes = sorted({int(run["n"]) for run in runs if run["workload"] == workload})
        sizes_by_workload[workload] = sizes or [int(s) for s in meta.get(f"sizes {workload}", "").split()]
    chart_links, chart_note = draw_charts(meta, workloads, sizes_by_workload, per_workload, cells,
                                          charts_dir, output_dir)
    lines += [chart_note, ""]
    for workload in workloads:
        info = per_workload[workload]
        lines += workload_section(workload, sizes_by_workload[workload], info["contenders"], info["unavailable"],
                                  cells, chart_links.get(workload))
    return "\n".join(lines).rstrip() + "\n"


def main():
    arguments = sys.argv[1:]
    charts_dir = None
    if len(arguments) == 4 and arguments[2] == "--charts":
        charts_dir = arguments[3]
        arguments = arguments[:2]
    if len(arguments) != 2:
        sys.exit("usage: report.py RESULTS_DIR OUTPUT_FILE [--charts DIR]")
    results_dir, output = arguments
    output_dir = os.path.dirname(os.path.abspath(output))
    if charts_dir is None:
        charts_dir = os.path.splitext(os.path.abspath(output))[0] + "-charts"
    text = render(results_dir, os.path.abspath(charts_dir), output_dir)
    os.makedirs(output_dir, exist_ok=True)
    temporary = output + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, output)


if __name__ == "__main__":
    main()
