#!/usr/bin/env python3
"""Interleaved A/B runs of Wyn.Perf builds: the tool behind the before/after figures in docs/benchmarks.md.

usage: Perf/interleave.py ROUNDS LABEL=BIN_DIR:SCHEDULER [...] -- WORKLOAD:N [...]

Each LABEL names a build of Perf (a copy of Perf/bin/Release/net10.0, e.g. taken before and after a
change) and a scheduler. Every round runs every contender once per workload, in order (A B C A B C
...; each round starts one contender later: A B C, B C A, C A B), each in a fresh process (`Wyn.Perf.dll run`, which warms up and then times one run), with
tiered compilation off as Wyn.Perf always runs. Prints the median, min and max per contender and
the ratio of each median to the first contender's. A wrong checksum or a failed run is reported
and counted as missing.
"""
import os
import statistics
import subprocess
import sys


def rotated(items, by):
    """items, starting at index by (mod len): the order of contenders in round by."""
    k = by % len(items)
    return items[k:] + items[:k]


def main(argv):
    if '--' not in argv or len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 64
    split = argv.index('--')
    rounds = int(argv[0])
    contenders = [arg.split('=', 1) for arg in argv[1:split]]
    loads = [arg.split(':') for arg in argv[split + 1:]]
    env = dict(os.environ, DOTNET_TieredCompilation='0')
    results = {}
    failed = False
    for round_number in range(rounds):
        for workload, size in loads:
            # Each round starts with the next contender (A B C, B C A, C A B, ...): on this machine
            # the first run of a round was faster now and then, and no contender may always get that.
            for label, spec in rotated(contenders, round_number):
                directory, scheduler = spec.rsplit(':', 1)
                run = subprocess.run(
                    ['dotnet', os.path.join(directory, 'Wyn.Perf.dll'), 'run', '--workload', workload,
                     '--size', size, '--scheduler', scheduler],
                    capture_output=True, text=True, env=env)
                fields = run.stdout.split()
                if run.returncode != 0 or len(fields) < 4:
                    print(f'{label} {workload} {size}: failed (exit {run.returncode}) {run.stderr.strip()}', file=sys.stderr)
                    failed = True
                    continue
                results.setdefault((workload, size, label), []).append(float(fields[3]))
    for workload, size in loads:
        base = None
        for label, _ in contenders:
            values = results.get((workload, size, label), [])
            if not values:
                print(f'{workload} {size:>9} {label:>20}: no successful run')
                continue
            median = statistics.median(values)
            base = base or median
            print(f'{workload} {size:>9} {label:>20}: median {median:9.2f} ms  min {min(values):9.2f}  '
                  f'max {max(values):9.2f}  ratio {median / base:5.2f}  ({len(values)} runs)')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
