#!/usr/bin/env python3
"""Interleaved A/B runs of wyn-host builds on Wyn programs: before/after figures for language and runtime changes.

usage: Perf/interleave-host.py ROUNDS LABEL=WYN_HOST_BINARY [...] -- PROGRAM.wyn [...]

Every round runs every build once per program, each round starting one build later (A B, B A, ...), each in a fresh process under
`/usr/bin/time -f %M`. A program reports its own time on stdout as `<number> ms` (examples/w1.wyn
and examples/w3.wyn do; make a copy with another `var n = ...` for other sizes); its first stdout
line is its checksum, which must be the same in every run of every build. Prints, per program and
build, the median, min and max ms, the ratio of the median to the first build's, and the median
peak RSS. A build of the current tree is `.wyn-host-build/bin/wyn-host` (run `./wyn-host --version`
first); an older one can be built in a worktree: `git worktree add /tmp/old <commit> && /tmp/old/wyn-host --version`.
"""
import re
import statistics
import subprocess
import sys


def rotated(items, by):
    """items, starting at index by (mod len): the order of builds in round by."""
    k = by % len(items)
    return items[k:] + items[:k]


def main(argv):
    if '--' not in argv or len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 64
    split = argv.index('--')
    rounds = int(argv[0])
    builds = [arg.split('=', 1) for arg in argv[1:split]]
    programs = argv[split + 1:]
    runs = {}
    checksums = {}
    failed = False
    for round_number in range(rounds):
        for program in programs:
            # Each round starts with the next build (A B, B A, ...): on this machine the first run of
            # a round was faster now and then, and no build may always get that.
            for label, binary in rotated(builds, round_number):
                run = subprocess.run(['/usr/bin/time', '-f', 'RSS %M', binary, program], capture_output=True, text=True)
                timed = re.search(r'([\d.]+) ms', run.stdout)
                rss = re.search(r'RSS (\d+)', run.stderr)
                if run.returncode != 0 or not timed or not rss:
                    print(f'{label} {program}: failed (exit {run.returncode}) {run.stderr.strip()[-300:]}', file=sys.stderr)
                    failed = True
                    continue
                checksums.setdefault(program, set()).add(run.stdout.split('\n', 1)[0])
                runs.setdefault((program, label), []).append((float(timed.group(1)), int(rss.group(1)) / 1024))
    for program in programs:
        if len(checksums.get(program, ())) > 1:
            print(f'{program}: CHECKSUMS DIFFER: {sorted(checksums[program])}', file=sys.stderr)
            failed = True
        base = None
        for label, _ in builds:
            samples = runs.get((program, label))
            if not samples:
                continue
            ms = [s[0] for s in samples]
            median = statistics.median(ms)
            base = base or median
            rss = statistics.median(s[1] for s in samples)
            print(f'{program:40s} {label:8s} median {median:9.2f} ms  min {min(ms):9.2f}  max {max(ms):9.2f}  '
                  f'ratio {median / base:5.2f}  peak RSS {rss:5.0f} MiB  runs {len(ms)}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
