#!/usr/bin/env bash
# Perf/compare.sh — runs Wyn and its peers (Go, tokio, .NET baselines) side by side on the same
# workloads, interleaved (A B C, B C A, C A B …: the order rotates each round; a fresh process per run), checks every checksum, and writes
# a markdown report: one table per workload with median, min–max, ratio to Go and to tokio, wall
# time and peak RSS, and one PNG chart per workload (median ms by size, log scale). Protocol: /work/shared/BENCHMARKS.md; peers and checksums: Perf/peers/README.md.
#
# Usage: Perf/compare.sh [--quick] [--rounds R] [--out FILE] [--results DIR] [--only PATTERNS]
#                        [--workloads w1,w2,...] [--timeout SECONDS] [--no-install] [--no-build]
#                        [--charts DIR]
#   --quick       fewer sizes, 3 rounds, Wyn's default strategy only (under 3 minutes)
#   --rounds R    rounds per contender and size (default 7; 3 with --quick)
#   (environment) WYN_BENCH_WARMUP_MS: the in-process runners' minimum warm-up (default 1000; 300 with
#                 --quick; 0 = five small runs only, the protocol before session 9)
#   --out FILE    the markdown report (default RESULTS/benchmarks.md; e.g. docs/benchmarks.md)
#   --results DIR raw results: runs.csv, contenders.csv, meta.txt, logs/ (default results/compare-STAMP)
#   --only P,...  only contenders whose name matches one of these shell patterns (e.g. 'go,wyn-*')
#   --timeout S   a run longer than this is killed, recorded as "timeout" and not rerun at that
#                 size (default 300)
#   --no-install  never call apt-get; a missing peer is reported as n/a
#   --no-build    use whatever binaries are already built
#   --charts DIR  where the PNG charts go (default: next to the report, FILE without .md + "-charts",
#                 e.g. docs/benchmarks/compare-charts/ for docs/benchmarks/compare.md). They need
#                 python3's matplotlib (apt-get install python3-matplotlib); without it the report
#                 says the charts were skipped and why.
# Exit code: 0 when every run that could run gave the right checksum; 1 when a run failed (wrong
# checksum, crash, timeout); 2 for bad usage. Missing contenders are n/a in the report, not failures,
# and so is a contender that answers a workload with a usage/config error (exit 64..78).

# shellcheck disable=SC2317 # the build_* steps are called indirectly, by name
set -uo pipefail # no -e: one contender failing must not stop the others

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=$REPO/Perf/peers
DOTNET_PEERS=$PEERS/dotnet/bin/Release/net10.0/Peers.DotNet.dll
# Wyn's own programs; override when the lead's build puts them elsewhere.
WYN_PERF=${WYN_PERF:-$REPO/Perf/bin/Release/net10.0/Wyn.Perf.dll}
# wyn-host is the binary that the repository's ./wyn-host script publishes (Release, ReadyToRun);
# running the binary itself keeps the script's staleness check out of every timed process.
WYN_HOST=${WYN_HOST:-$REPO/.wyn-host-build/bin/wyn-host}
# What the ./wyn-host script sets before it runs the binary (decision 0013): suspending Wyn tasks.
export DOTNET_RuntimeAsync="${DOTNET_RuntimeAsync:-1}"

# ---------------------------------------------------------------------------------------------
# Sizes per workload (BENCHMARKS.md); each workload's checksum is in Perf/peers/checksums.py.
WORKLOAD_ORDER=(w1 w2 w3 w4 w5)
declare -A FULL_SIZES=([w1]="10000 100000 1000000 10000000" [w2]="20 25 30" [w3]="100000 1000000" [w4]="1000000" [w5]="100000")
declare -A QUICK_SIZES=([w1]="10000 100000 1000000" [w2]="20 25 30" [w3]="100000 1000000" [w4]="1000000" [w5]="100000")

# ---------------------------------------------------------------------------------------------
# The contenders. One line each; add a Wyn strategy or a new peer by adding a line.
#   modes     quick and/or full: in which mode the contender runs
#   build     the build step that produces it (build_<step> below): go, tokio, dotnet_peers,
#             wyn_perf, wyn_host
#   needs     files that must exist after the build, else the contender is n/a ({W} = workload)
#   command   {W} workload, {N} size, {SRC} the Wyn source sized for N (see make_sized_source),
#             {PEERS} {REPO} {DOTNET_PEERS} {WYN_PERF} {WYN_HOST} the paths above.
# Every command prints one line "NAME WORKLOAD N MS CHECKSUM". A Wyn program may instead print
# only its checksum; its time is then the whole process (the report says so in its notes).
CONTENDERS=$(cat <<'TABLE'
# name                 | modes      | build        | workloads      | needs                               | command
go                     | quick full | go           | w1 w2 w3 w4 w5 | {PEERS}/go/bin-release/peers-go     | {PEERS}/go/bin-release/peers-go {W} {N}
tokio                  | quick full | tokio        | w1 w2 w3 w4 w5 | {PEERS}/tokio/target/release/peers-tokio | {PEERS}/tokio/target/release/peers-tokio {W} {N}
dotnet-task            | quick full | dotnet_peers | w1 w3 w5       | {DOTNET_PEERS}                      | dotnet {DOTNET_PEERS} {W} {N} task
dotnet-threadpool      | quick full | dotnet_peers | w1 w3          | {DOTNET_PEERS}                      | dotnet {DOTNET_PEERS} {W} {N} threadpool
dotnet-result          | quick full | dotnet_peers | w2             | {DOTNET_PEERS}                      | dotnet {DOTNET_PEERS} {W} {N} result
dotnet-async           | quick full | dotnet_peers | w2             | {DOTNET_PEERS}                      | dotnet {DOTNET_PEERS} {W} {N} async
dotnet-channels        | quick full | dotnet_peers | w4             | {DOTNET_PEERS}                      | dotnet {DOTNET_PEERS} {W} {N} channels
wyn-api-batched        | quick full | wyn_perf     | w1 w2 w3 w4 w5 | {WYN_PERF}                          | dotnet {WYN_PERF} run --workload {W} --size {N} --scheduler batched
wyn-api-work-stealing  | full       | wyn_perf     | w1 w2 w3 w4 w5 | {WYN_PERF}                          | dotnet {WYN_PERF} run --workload {W} --size {N} --scheduler work-stealing
wyn-api-channels       | full       | wyn_perf     | w1 w2 w3 w4 w5 | {WYN_PERF}                          | dotnet {WYN_PERF} run --workload {W} --size {N} --scheduler channels
wyn-api-threadpool     | full       | wyn_perf     | w1 w2 w3 w4 w5 | {WYN_PERF}                          | dotnet {WYN_PERF} run --workload {W} --size {N} --scheduler threadpool
wyn-host-batched       | quick full | wyn_host     | w1 w2 w3 w4 w5 | {WYN_HOST} {REPO}/examples/{W}.wyn  | {WYN_HOST} --scheduler=batched {SRC}
wyn-host-work-stealing | full       | wyn_host     | w1 w2 w3 w4 w5 | {WYN_HOST} {REPO}/examples/{W}.wyn  | {WYN_HOST} --scheduler=work-stealing {SRC}
TABLE
)

# ---------------------------------------------------------------------------------------------
# Options.
MODE=full ROUNDS="" OUT="" RESULTS="" ONLY="" WORKLOADS="" TIMEOUT=300 INSTALL=1 BUILD=1 CHARTS=""
ORIGINAL_ARGS="$*"
while (($#)); do
    case $1 in
        --quick) MODE=quick ;;
        --rounds) ROUNDS=${2:?--rounds needs a number}; shift ;;
        --out) OUT=${2:?--out needs a file}; shift ;;
        --results) RESULTS=${2:?--results needs a directory}; shift ;;
        --only) ONLY=${2:?--only needs patterns}; shift ;;
        --workloads) WORKLOADS=${2:?--workloads needs a list}; shift ;;
        --timeout) TIMEOUT=${2:?--timeout needs seconds}; shift ;;
        --no-install) INSTALL=0 ;;
        --no-build) BUILD=0 ;;
        --charts) CHARTS=${2:?--charts needs a directory}; shift ;;
        -h | --help) sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ -z $ROUNDS ]] && { [[ $MODE == quick ]] && ROUNDS=3 || ROUNDS=7; }
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --rounds must be a positive integer" >&2; exit 2; }
# Every in-process runner (Wyn's C# runner, Go, tokio, the .NET baselines) warms up for at least this
# long before its timed run (Perf/peers/README.md); quick mode shortens it to stay under 3 minutes.
# wyn-host programs time themselves from their first line: no warm-up there.
[[ -z ${WYN_BENCH_WARMUP_MS:-} ]] && { [[ $MODE == quick ]] && WYN_BENCH_WARMUP_MS=300 || WYN_BENCH_WARMUP_MS=1000; }
export WYN_BENCH_WARMUP_MS
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --timeout must be a positive integer" >&2; exit 2; }
if [[ -n $WORKLOADS ]]; then
    IFS=', ' read -r -a WORKLOAD_ORDER <<<"$WORKLOADS"
    for w in "${WORKLOAD_ORDER[@]}"; do
        [[ -n ${FULL_SIZES[$w]:-} ]] || { echo "compare.sh: unknown workload '$w'" >&2; exit 2; }
    done
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=${RESULTS:-$REPO/results/compare-$STAMP}
OUT=${OUT:-$RESULTS/benchmarks.md}
mkdir -p "$RESULTS/logs" "$RESULTS/src" || exit 2
RESULTS=$(cd "$RESULTS" && pwd)
LOG=$RESULTS/logs/setup.log
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 GOTOOLCHAIN=local PYTHONDONTWRITEBYTECODE=1

say() { printf '%s\n' "$*" >&2; }

# Text for a double-quoted CSV field: no double quotes, no line breaks.
csv_safe() { local text=${1//\"/\'}; printf '%s' "${text//$'\n'/ }"; }

# ---------------------------------------------------------------------------------------------
# Installing tools. try_install PACKAGE... installs with apt-get when allowed and possible.
APT_UPDATED=0
try_install() {
    ((INSTALL)) || return 1
    [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || return 1
    say "installing $* (apt-get) …"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$LOG" 2>&1; then
        ((APT_UPDATED)) && return 1
        APT_UPDATED=1
        apt-get update -qq >>"$LOG" 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$LOG" 2>&1 || return 1
    fi
}

have_tokio_crates() { compgen -G '/usr/share/cargo/registry/tokio-1.*' >/dev/null; }

TIME_BIN=/usr/bin/time
if [[ ! -x $TIME_BIN ]] && ! try_install time; then
    say "warning: /usr/bin/time is missing and could not be installed: peak RSS will be n/a"
    TIME_BIN=""
fi
command -v python3 >/dev/null || { say "compare.sh: python3 is required for checksums and the report"; exit 2; }

# The report's charts need matplotlib. Debian's python3-matplotlib serves /usr/bin/python3 only,
# which need not be the first python3 on PATH (pyenv, venv), so the report runs with the first
# interpreter that has it; with none, with plain python3, and report.py says the charts were skipped.
python_with_matplotlib() {
    local python
    for python in python3 /usr/bin/python3; do
        command -v "$python" >/dev/null && "$python" -c 'import matplotlib' 2>/dev/null &&
            { command -v "$python"; return 0; }
    done
    return 1
}
REPORT_PYTHON=$(python_with_matplotlib) ||
    { try_install python3-matplotlib && REPORT_PYTHON=$(python_with_matplotlib); } ||
    { REPORT_PYTHON=python3; say "warning: python3 has no matplotlib (apt-get install python3-matplotlib failed or not allowed): the report will have no charts"; }

# ---------------------------------------------------------------------------------------------
# Build steps. Each returns 0 when its programs are ready, else sets BUILD_FAILED[step] to the
# reason that the report shows for every contender of that step.
declare -A BUILD_FAILED=() BUILD_DONE=()

build_go() {
    command -v go >/dev/null || try_install golang-go ||
        { BUILD_FAILED[go]="Go toolchain missing ('go' not found; apt-get install golang-go failed or not allowed)"; return 1; }
    (cd "$PEERS/go" && go build -trimpath -o bin-release/peers-go .) >>"$LOG" 2>&1 ||
        { BUILD_FAILED[go]="go build failed (see $LOG)"; return 1; }
}

build_tokio() {
    command -v cargo >/dev/null || try_install cargo ||
        { BUILD_FAILED[tokio]="Rust toolchain missing ('cargo' not found; apt-get install cargo failed or not allowed)"; return 1; }
    have_tokio_crates || try_install librust-tokio-dev librust-tokio-macros-dev ||
        { BUILD_FAILED[tokio]="tokio crates missing (/usr/share/cargo/registry/tokio-1.*; apt-get install librust-tokio-dev failed or not allowed)"; return 1; }
    # cargo reads .cargo/config.toml (the offline Debian registry) from the current directory.
    (cd "$PEERS/tokio" && cargo build --release --quiet) >>"$LOG" 2>&1 ||
        { BUILD_FAILED[tokio]="cargo build failed (see $LOG)"; return 1; }
}

build_dotnet_peers() {
    command -v dotnet >/dev/null || { BUILD_FAILED[dotnet_peers]="the .NET SDK is missing ('dotnet' not found)"; return 1; }
    dotnet build "$PEERS/dotnet/Peers.DotNet.csproj" -c Release --nologo -v quiet >>"$LOG" 2>&1 ||
        { BUILD_FAILED[dotnet_peers]="dotnet build of Perf/peers/dotnet failed (see $LOG)"; return 1; }
}

# Wyn's programs are built from whatever project the lead has put in place; absent ones are n/a.
build_dotnet_projects_in() { # STEP DIR WHAT
    local step=$1 dir=$2 what=$3 project
    command -v dotnet >/dev/null || { BUILD_FAILED[$step]="the .NET SDK is missing"; return 1; }
    project=$(find "$dir" -maxdepth 1 -name '*.csproj' 2>/dev/null | head -n 1)
    [[ -n $project ]] || { BUILD_FAILED[$step]="$what not there yet (no ${dir#"$REPO"/}/*.csproj)"; return 1; }
    dotnet build "$project" -c Release --nologo -v quiet >>"$LOG" 2>&1 ||
        { BUILD_FAILED[$step]="dotnet build of ${project#"$REPO"/} failed (see $LOG)"; return 1; }
}
build_wyn_perf() { build_dotnet_projects_in wyn_perf "$REPO/Perf" "the C# API runner (Wyn.Perf)"; }

# The ./wyn-host script (re)builds the host when its sources changed; --version makes it do only that.
build_wyn_host() {
    [[ -x $REPO/wyn-host ]] || { BUILD_FAILED[wyn_host]="wyn-host not there yet (no ./wyn-host script)"; return 1; }
    "$REPO/wyn-host" --version >>"$LOG" 2>&1 ||
        { BUILD_FAILED[wyn_host]="building wyn-host failed (see $LOG and .wyn-host-build/build.log)"; return 1; }
}

run_build_step() { # STEP — once per step, only when a selected contender needs it
    local step=$1
    [[ -n ${BUILD_DONE[$step]:-} ]] && return
    BUILD_DONE[$step]=1
    ((BUILD)) || return
    say "building $step (Release) …"
    "build_$step" || say "  $step: ${BUILD_FAILED[$step]}"
}

# ---------------------------------------------------------------------------------------------
# Contender table access.
expand() { # TEMPLATE W N SRC — replaces the {…} placeholders
    local text=$1
    text=${text//\{PEERS\}/$PEERS}
    text=${text//\{REPO\}/$REPO}
    text=${text//\{DOTNET_PEERS\}/$DOTNET_PEERS}
    text=${text//\{WYN_PERF\}/$WYN_PERF}
    text=${text//\{WYN_HOST\}/$WYN_HOST}
    text=${text//\{W\}/$2}
    text=${text//\{N\}/$3}
    text=${text//\{SRC\}/$4}
    printf '%s' "$text"
}

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

declare -a NAMES=()
declare -A C_MODES=() C_BUILD=() C_WORKLOADS=() C_NEEDS=() C_COMMAND=()
while IFS='|' read -r name modes build workloads needs command; do
    name=$(trim "$name")
    [[ -z $name || $name == \#* ]] && continue
    NAMES+=("$name")
    C_MODES[$name]=$(trim "$modes")
    C_BUILD[$name]=$(trim "$build")
    C_WORKLOADS[$name]=$(trim "$workloads")
    C_NEEDS[$name]=$(trim "$needs")
    C_COMMAND[$name]=$(trim "$command")
done <<<"$CONTENDERS"

selected() { # NAME — in this mode and matching --only
    local name=$1 pattern
    local -a patterns
    [[ " ${C_MODES[$name]} " == *" $MODE "* ]] || return 1
    [[ -z $ONLY ]] && return 0
    IFS=',' read -r -a patterns <<<"$ONLY"
    for pattern in "${patterns[@]}"; do
        # shellcheck disable=SC2053 # the pattern is meant to glob
        [[ $name == $pattern ]] && return 0
    done
    return 1
}

runs_workload() { [[ " ${C_WORKLOADS[$1]} " == *" $2 "* ]]; }

sizes_of() { [[ $MODE == quick ]] && printf '%s' "${QUICK_SIZES[$1]}" || printf '%s' "${FULL_SIZES[$1]}"; }

# A Wyn program has no command-line arguments, so its size is written into a copy of the source:
# the first line of the form "var n = <integer literal>" becomes "var n = N".
make_sized_source() { # W N -> prints the path, or fails when the program has no such line
    local source=$REPO/examples/$1.wyn target=$RESULTS/src/$1-$2.wyn
    [[ -f $target ]] && { printf '%s' "$target"; return 0; }
    grep -qE '^[[:space:]]*var n = [0-9_]+' "$source" 2>/dev/null || return 1
    sed -E "0,/^([[:space:]]*)var n = [0-9_]+/s//\\1var n = $2/" "$source" >"$target" || return 1
    printf '%s' "$target"
}

# unavailable_reason NAME W — empty when the contender can run workload W
unavailable_reason() {
    local name=$1 w=$2 path
    local step=${C_BUILD[$name]}
    if [[ -n ${BUILD_FAILED[$step]:-} ]]; then
        printf '%s' "${BUILD_FAILED[$step]}"
        return
    fi
    for path in $(expand "${C_NEEDS[$name]}" "$w" "" ""); do
        [[ -e $path ]] || { printf 'not there yet: %s missing' "${path#"$REPO"/}"; return; }
    done
    if [[ ${C_COMMAND[$name]} == *'{SRC}'* ]] && ! grep -qE '^[[:space:]]*var n = [0-9_]+' "$REPO/examples/$w.wyn"; then
        printf 'examples/%s.wyn has no "var n = <integer>" line to set the size' "$w"
    fi
}

# ---------------------------------------------------------------------------------------------
# Plan: which contenders run which workload; builds only what is needed.
for name in "${NAMES[@]}"; do
    selected "$name" && run_build_step "${C_BUILD[$name]}"
done

declare -A PLAN=() # "w|name" -> 1 when it runs
printf 'contender,workload,state,reason\n' >"$RESULTS/contenders.csv"
for w in "${WORKLOAD_ORDER[@]}"; do
    for name in "${NAMES[@]}"; do
        if ! selected "$name" || ! runs_workload "$name" "$w"; then continue; fi
        reason=$(unavailable_reason "$name" "$w")
        if [[ -z $reason ]]; then
            PLAN["$w|$name"]=1
            printf '%s,%s,available,\n' "$name" "$w" >>"$RESULTS/contenders.csv"
        else
            say "n/a: $name for $w — $reason"
            printf '%s,%s,n/a,"%s"\n' "$name" "$w" "$(csv_safe "$reason")" >>"$RESULTS/contenders.csv"
        fi
    done
done

# Expected checksums, computed once per workload and size by an independent reference.
declare -A EXPECTED=()
for w in "${WORKLOAD_ORDER[@]}"; do
    for n in $(sizes_of "$w"); do
        EXPECTED["$w|$n"]=$(python3 "$PEERS/checksums.py" "$w" "$n") || exit 2
    done
done

# ---------------------------------------------------------------------------------------------
# Machine facts and settings, for the report.
{
    echo "command: Perf/compare.sh${ORIGINAL_ARGS:+ $ORIGINAL_ARGS}"
    echo "mode: $MODE"
    echo "rounds: $ROUNDS"
    echo "warm-up: $WYN_BENCH_WARMUP_MS"
    echo "started: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)"
    echo "nproc: $(nproc)"
    echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "os: $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)"
    command -v dotnet >/dev/null && echo "dotnet: $(dotnet --version 2>/dev/null)"
    command -v go >/dev/null && echo "go: $(go version 2>/dev/null | awk '{ print $3 }')"
    command -v rustc >/dev/null && echo "rustc: $(rustc --version 2>/dev/null)"
    have_tokio_crates && echo "tokio: $(basename "$(compgen -G '/usr/share/cargo/registry/tokio-1.*' | tail -n 1)")"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    for w in "${WORKLOAD_ORDER[@]}"; do echo "sizes $w: $(sizes_of "$w")"; done
} >"$RESULTS/meta.txt"

# ---------------------------------------------------------------------------------------------
# One run: a fresh process under a timeout, its peak RSS, its printed line, its checksum check.
RUNS_CSV=$RESULTS/runs.csv
printf 'round,workload,n,contender,status,ms,wall_ms,rss_kib,checksum,busy,detail\n' >"$RUNS_CSV"
FAILED_RUNS=0

# busy: tasks of other programs ready to run when the run started (/proc/loadavg's running count,
# less the reader itself). On a shared machine it tells which runs competed for the cores.
other_runnable() {
    local _ running_total
    read -r _ _ _ running_total _ </proc/loadavg
    printf '%s' $((${running_total%/*} - 1))
}

record() { # ROUND W N NAME STATUS MS WALL RSS CHECKSUM DETAIL; reads BUSY from run_one
    local detail
    detail=$(csv_safe "${10}")
    printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"%s"\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${BUSY:-}" "$detail" >>"$RUNS_CSV"
}

run_one() { # ROUND W N NAME
    local round=$1 w=$2 n=$3 name=$4 src="" command base rc start end wall rss="" line
    if [[ ${C_COMMAND[$name]} == *'{SRC}'* ]]; then
        src=$(make_sized_source "$w" "$n") || {
            record "$round" "$w" "$n" "$name" "no-source" "" "" "" "" "cannot size examples/$w.wyn"
            return 1
        }
    fi
    command=$(expand "${C_COMMAND[$name]}" "$w" "$n" "$src")
    base=$RESULTS/logs/$name-$w-$n-r$round

    local BUSY
    BUSY=$(other_runnable)
    start=$(date +%s%N)
    if [[ -n $TIME_BIN ]]; then
        timeout -k 5 "$TIMEOUT" "$TIME_BIN" -f %M -o "$base.rss" bash -c "exec $command" >"$base.out" 2>"$base.err"
    else
        timeout -k 5 "$TIMEOUT" bash -c "exec $command" >"$base.out" 2>"$base.err"
    fi
    rc=$?
    end=$(date +%s%N)
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')
    [[ -n $TIME_BIN && -s $base.rss ]] && rss=$(tail -n 1 "$base.rss")
    [[ $rss =~ ^[0-9]+$ ]] || rss=""
    [[ -s $base.err ]] || rm -f "$base.err"
    rm -f "$base.rss"

    if ((rc == 124 || rc == 137)); then
        record "$round" "$w" "$n" "$name" "timeout" "" "$wall" "$rss" "" "killed after ${TIMEOUT}s"
        return 3
    fi
    local first_error
    # The first line of stderr names the problem (a usage line, an exception's message).
    first_error=$(grep -m 1 -v '^[[:space:]]*$' "$base.err" 2>/dev/null | tr -d '\r' | cut -c1-200)
    # 64..78 are the usage and configuration errors (sysexits; WYN-CORE's "64+"): the contender
    # does not support this workload or option (yet), e.g. a strategy not registered. That is
    # n/a, not a failure, and the remaining rounds of that contender and workload are skipped.
    if ((rc >= 64 && rc <= 78)); then
        record "$round" "$w" "$n" "$name" "unsupported" "" "$wall" "$rss" "" "exit $rc: $first_error"
        return 2
    fi
    if ((rc != 0)); then
        record "$round" "$w" "$n" "$name" "exit-$rc" "" "$wall" "$rss" "" "$first_error"
        return 1
    fi

    # Accepted outputs: the standard line "NAME WORKLOAD N MS CHECKSUM" as the last line; or, for
    # Wyn programs, a line with only the checksum, optionally followed by a line "<ms> ms" (the
    # program's own timer, e.g. examples/w1.wyn); without that line the whole process is timed.
    line=$(grep -v '^[[:space:]]*$' "$base.out" | tail -n 1)
    local -a fields
    read -r -a fields <<<"$line"
    local ms checksum detail="" own_ms
    own_ms=$(sed -nE 's/^[[:space:]]*([0-9]+(\.[0-9]+)?) ms[[:space:]]*$/\1/p' "$base.out" | tail -n 1)
    checksum=$(grep -E '^[[:space:]]*-?[0-9]+[[:space:]]*$' "$base.out" | tail -n 1 | tr -d '[:space:]')
    if ((${#fields[@]} == 5)) && [[ ${fields[1]} == "$w" && ${fields[2]} == "$n" && ${fields[3]} =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
        ms=${fields[3]} checksum=${fields[4]}
    elif [[ -n $checksum && -n $own_ms ]]; then
        ms=$own_ms detail="timer: the program's own (milliseconds)"
    elif [[ -n $checksum ]] && ((${#fields[@]} == 1)); then
        ms=$wall detail="timer: whole process (the program prints only its checksum)"
    else
        record "$round" "$w" "$n" "$name" "bad-output" "" "$wall" "$rss" "" "last line: ${line:0:120}"
        return 1
    fi
    if [[ $checksum != "${EXPECTED[$w|$n]}" ]]; then
        record "$round" "$w" "$n" "$name" "wrong-checksum" "$ms" "$wall" "$rss" "$checksum" "want ${EXPECTED[$w|$n]}"
        return 1
    fi
    record "$round" "$w" "$n" "$name" "ok" "$ms" "$wall" "$rss" "$checksum" "$detail"
    printf '%s' "$ms"
}

# ---------------------------------------------------------------------------------------------
# The interleaved rounds: in every round, every size of every workload runs each contender once,
# one after the other, so drifts in machine load hit all contenders alike; the order rotates by one
# contender per round.
declare -A HUNG=() # "w|n|name" -> 1 after a timeout
say "results: $RESULTS"
for ((round = 1; round <= ROUNDS; round++)); do
    # Each round starts one contender later (A B C, B C A, C A B, ...): the first run after another
    # contender's was sometimes the fastest on this machine, and no contender may always get that seat.
    shift_by=$(((round - 1) % ${#NAMES[@]}))
    ROUND_NAMES=("${NAMES[@]:shift_by}" "${NAMES[@]:0:shift_by}")
    for w in "${WORKLOAD_ORDER[@]}"; do
        for n in $(sizes_of "$w"); do
            for name in "${ROUND_NAMES[@]}"; do
                [[ -n ${PLAN["$w|$name"]:-} && -z ${HUNG["$w|$n|$name"]:-} ]] || continue
                ms=$(run_one "$round" "$w" "$n" "$name")
                case $? in
                    3)
                        # A hang is a failure; running it again each round would only burn time.
                        HUNG["$w|$n|$name"]=1
                        FAILED_RUNS=$((FAILED_RUNS + 1))
                        say "[round $round/$ROUNDS] $w N=$n $name: FAILED (timeout after ${TIMEOUT}s; not run again at this size)"
                        ;;
                    0) say "[round $round/$ROUNDS] $w N=$n $name: $ms ms" ;;
                    2)
                        PLAN["$w|$name"]=""
                        say "[round $round/$ROUNDS] $w N=$n $name: unsupported, skipped from now on ($(tail -n 1 "$RUNS_CSV" | cut -d, -f10-))"
                        ;;
                    *)
                        FAILED_RUNS=$((FAILED_RUNS + 1))
                        say "[round $round/$ROUNDS] $w N=$n $name: FAILED ($(tail -n 1 "$RUNS_CSV" | cut -d, -f5))"
                        ;;
                esac
            done
        done
    done
done

{
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "finished: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
} >>"$RESULTS/meta.txt"

if ! "$REPORT_PYTHON" "$PEERS/report.py" "$RESULTS" "$OUT" ${CHARTS:+--charts "$CHARTS"}; then
    say "compare.sh: the report could not be written (raw results stay in $RESULTS)"
    exit 1
fi
say "report: $OUT"
missing=$(awk -F, 'NR > 1 && $3 == "n/a" { print $1 "(" $2 ")" }' "$RESULTS/contenders.csv" | paste -sd' ')
[[ -n $missing ]] && say "not measured (n/a in the report): $missing"
if ((FAILED_RUNS > 0)); then
    say "compare.sh: $FAILED_RUNS run(s) failed (wrong checksum, crash or timeout); see the report's notes"
    exit 1
fi
exit 0
