#!/usr/bin/env bash
# What trace analysis costs: wall time and peak memory (max RSS) of evaluating a budgets.traces entry over
# generated OTLP JSON (build/bench/generate_traces.py), through BudgetEvaluator — the call `perfgate check`
# and the build gate make. A benchmark, not a test: it reports figures and checks them against the targets
# in docs/performance.md (1 M spans in <= 5 s and <= 512 MB), exiting 1 when a target is missed.
#
#   build/bench/measure-trace-analysis.sh [--spans N] [--runs N] [--format lines|single] [--output FILE]
#
#   --spans N      spans in the generated file (default 1000000)
#   --runs N       timed runs (default 3); the median wall time and the largest peak are reported
#   --format F     lines: the collector file exporter's JSON lines (default); single: one request
#   --output FILE  Markdown report (default artifacts/bench/trace-analysis.md)
set -euo pipefail
SPANS=1000000
RUNS=3
FORMAT=lines
OUTPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --spans) SPANS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --format) FORMAT="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK="$ROOT/artifacts/bench/trace-analysis"
OUTPUT=${OUTPUT:-$ROOT/artifacts/bench/trace-analysis.md}
mkdir -p "$WORK/traces" "$(dirname "$OUTPUT")"

echo "== generate $SPANS spans ($FORMAT)"
python3 build/bench/generate_traces.py --spans "$SPANS" --format "$FORMAT" --out "$WORK/traces/run.otlp.json"
printf 'version: 1\nbudgets:\n  traces:\n    - files: "traces/*.otlp.json"\n      queriesPerRequest: { max: 30 }\n' > "$WORK/perfgate.yml"

echo "== build the benchmark host (Release)"
dotnet build build/bench/TraceBench -c Release -nologo -tl:off -clp:ErrorsOnly >/dev/null
HOST="$ROOT/build/bench/TraceBench/bin/Release/net10.0/TraceBench.dll"

echo "== $RUNS runs"
walls=(); peaks=()
for i in $(seq 1 "$RUNS"); do
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" dotnet "$HOST" "$WORK/perfgate.yml" > "$WORK/run-$i.txt"
  read -r wall peak < "$WORK/time.txt"
  walls+=("$wall"); peaks+=("$peak")
  echo "run $i: wall ${wall} s, peak $((peak / 1024)) MB"
done
median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
peak=$(printf '%s\n' "${peaks[@]}" | sort -g | tail -1)
size=$(du -m "$WORK/traces/run.otlp.json" | cut -f1)
{
  echo "# Trace analysis: $SPANS spans ($FORMAT, $size MB)"
  echo
  echo "| runs | median wall | peak RSS | target |"
  echo "|---|---|---|---|"
  echo "| $RUNS | ${median} s | $((peak / 1024)) MB | ≤ 5 s, ≤ 512 MB (for 1 M spans) |"
  echo
  echo "Machine: $(nproc) cores, $(dotnet --version) SDK. Output of the last run:"
  echo
  echo '```'
  cat "$WORK/run-$RUNS.txt"
  echo '```'
} > "$OUTPUT"
cat "$OUTPUT"
awk -v w="$median" -v p="$peak" -v n="$SPANS" 'BEGIN { if (n >= 1000000 && (w > 5 || p > 512 * 1024)) exit 1 }' \
  || { echo "target missed"; exit 1; }
