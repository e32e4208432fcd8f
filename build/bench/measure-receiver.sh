#!/usr/bin/env bash
# What `perfgate collect`'s OTLP/HTTP receiver sustains: spans per second (protobuf and JSON) and peak memory while
# receiving N spans, then the peak of the whole run (receiving + evaluating the run's file). A benchmark, not a test.
#
#   build/bench/measure-receiver.sh [--spans N] [--senders N] [--output FILE]
#
# For each format it starts the Release `perfgate collect --port 0` (long-running mode), sends N spans from
# build/bench/ReceiverBench (exports of 512 spans, SENDERS concurrent connections), reads the receiver's peak RSS
# (VmHWM) before stopping it with SIGTERM, and takes the whole run's peak from /usr/bin/time.
set -euo pipefail
SPANS=1000000
SENDERS=4
OUTPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --spans) SPANS="$2"; shift 2 ;;
    --senders) SENDERS="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK="$ROOT/artifacts/bench/receiver"
OUTPUT=${OUTPUT:-$ROOT/artifacts/bench/receiver.md}
rm -rf "$WORK"; mkdir -p "$WORK" "$(dirname "$OUTPUT")"
printf 'version: 1\nbudgets:\n  traces:\n    - files: "traces/*.otlp.json"\n      queriesPerRequest: { max: 30 }\n' > "$WORK/perfgate.yml"

echo "== build (Release)"
dotnet build src/PerfGate.Cli -c Release -nologo -tl:off -clp:ErrorsOnly >/dev/null
dotnet build build/bench/ReceiverBench -c Release -nologo -tl:off -clp:ErrorsOnly >/dev/null
CLI="$ROOT/src/PerfGate.Cli/bin/Release/net10.0/perfgate"
BENCH="$ROOT/build/bench/ReceiverBench/bin/Release/net10.0/ReceiverBench.dll"

rows=()
for format in protobuf json; do
  echo "== $format: $SPANS spans"
  rm -rf "$WORK/traces" "$WORK/endpoint.txt"
  ( cd "$WORK" && exec /usr/bin/time -f "%e %M" -o "$WORK/time-$format.txt" "$CLI" collect --port 0 --endpoint-file "$WORK/endpoint.txt" --quiet \
      > "$WORK/report-$format.txt" 2> "$WORK/stderr-$format.txt" ) &
  for _ in $(seq 1 300); do [ -s "$WORK/endpoint.txt" ] && break; sleep 0.1; done
  [ -s "$WORK/endpoint.txt" ] || { cat "$WORK/stderr-$format.txt"; echo "collect did not start"; exit 1; }
  pid=$(pgrep -P "$!" -x perfgate || true)
  line=$(dotnet "$BENCH" "$(cat "$WORK/endpoint.txt")" "$format" "$SPANS" "$SENDERS")
  receiving_peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill -TERM "$pid"
  wait || true
  read -r _ sent exports seconds rate <<< "$line"
  read -r wall total_peak < <(tail -1 "$WORK/time-$format.txt")
  size=$(du -m "$WORK/traces" | tail -1 | cut -f1)
  echo "$line; receiving peak ${receiving_peak} MB; run peak $((total_peak / 1024)) MB, wall ${wall} s"
  rows+=("| $format | $sent | $exports | $seconds s | $rate | ${receiving_peak} MB | $((total_peak / 1024)) MB | $size MB |")
done
{
  echo "# OTLP receiver (perfgate collect): $SPANS spans, $SENDERS senders"
  echo
  echo "| format | spans | exports | receive time | spans/s | peak RSS receiving | peak RSS of the run (with evaluation) | file |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Machine: $(nproc) cores, $(dotnet --version) SDK. collect's summary lines:"
  echo
  echo '```'
  cat "$WORK"/stderr-*.txt
  echo '```'
} > "$OUTPUT"
cat "$OUTPUT"
