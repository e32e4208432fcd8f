#!/usr/bin/env bash
# Issue 18 item 12: what large inputs cost `perfgate`, wall time and peak memory (max RSS), each case side by side in one
# run with what it is compared with:
#   sarif      `check --sarif` of a 1,000,000-result compiler log with `-f sarif`  vs  the same with a --before CLI
#   markdown   `check -f markdown` with 100,000 benchmark rows and 300 findings   vs  the --before CLI (and the output size)
#   echo       `check --policy` of a policy with a 50 MB scalar (stderr bytes)     vs  the --before CLI
#   cs         `scan --sources` of one 5 MB .cs file                               vs  `dotnet build` of the same project
#   folder     `scan --sources` of 20,000 small .cs files                          vs  `dotnet build` of the same project
# A benchmark, not a test: it prints a Markdown table (also written to --output) and never fails on a figure.
#
#   build/bench/measure-large-inputs.sh [--before DIR] [--cases "sarif markdown echo cs folder"] [--output FILE]
#
#   --before DIR   a folder holding another build's perfgate.dll (e.g. main's: git worktree add /tmp/main main &&
#                  dotnet build /tmp/main/src/PerfGate.Cli -c Release; DIR=/tmp/main/src/PerfGate.Cli/bin/Release/net10.0)
set -euo pipefail
BEFORE=""
CASES="sarif markdown echo cs folder"
OUTPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) BEFORE="$2"; shift 2 ;;
    --cases) CASES="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK="$ROOT/artifacts/bench/large-inputs"
OUTPUT=${OUTPUT:-$ROOT/artifacts/bench/large-inputs.md}
mkdir -p "$WORK" "$(dirname "$OUTPUT")"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "== build the CLI (Release)"
dotnet build src/PerfGate.Cli -c Release -nologo -tl:off -clp:ErrorsOnly >/dev/null
AFTER="$ROOT/src/PerfGate.Cli/bin/Release/net10.0"

ROWS=()
# measure NAME DIR COMMAND…: wall seconds and peak RSS (MB) of COMMAND run in DIR; stderr bytes kept for the echo case.
measure() {
  local name="$1" dir="$2"; shift 2
  local stats="$WORK/$name.time" err="$WORK/$name.stderr"
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$stats" "$@" >"$WORK/$name.stdout" 2>"$err") || true
  # time(1) writes "Command exited with non-zero status N" first when the gate fails: the figures are the last line.
  read -r seconds kb < <(tail -n 1 "$stats")
  local mb=$((kb / 1024)) errbytes
  errbytes=$(wc -c <"$err")
  ROWS+=("| $name | $seconds s | $mb MB | $errbytes |")
  echo "$name: $seconds s, $mb MB peak, stderr $errbytes bytes"
  LAST_SECONDS=$seconds; LAST_MB=$mb
}
ratio() { python3 -c "print(f'{float($1)/max(float($2),1e-9):.2f}')"; }
RATIOS=()
side_by_side() { # CASE DIR ARGS…: the current CLI, then --before (when given); "{build}" in ARGS becomes after/before
  local case="$1" dir="$2"; shift 2
  measure "$case (this build)" "$dir" dotnet "$AFTER/perfgate.dll" "${@//\{build\}/after}"
  local s=$LAST_SECONDS m=$LAST_MB
  if [ -n "$BEFORE" ]; then
    measure "$case (before)" "$dir" dotnet "$BEFORE/perfgate.dll" "${@//\{build\}/before}"
    RATIOS+=("| $case | $(ratio "$s" "$LAST_SECONDS") | $(ratio "$m" "$LAST_MB") | this build / before |")
  fi
}

for case in $CASES; do
  case "$case" in
    sarif)
      [ -f "$WORK/big.sarif" ] || python3 build/bench/generate_large_inputs.py sarif --out "$WORK/big.sarif"
      side_by_side sarif "$WORK" check --sarif big.sarif -f sarif -o "out-{build}.sarif" --no-baseline ;;
    markdown)
      [ -d "$WORK/benchmarks" ] || python3 build/bench/generate_large_inputs.py benchmarks --out "$WORK/benchmarks"
      side_by_side markdown "$WORK/benchmarks" check --sarif findings.sarif -f markdown -o "summary-{build}.md" --no-baseline
      for build in after before; do
        md="$WORK/benchmarks/summary-$build.md"
        [ -f "$md" ] && echo "markdown ($build): $(wc -c <"$md") bytes, $(grep -c '^| error |\|^| warning |\|^| note |' "$md" || true) finding rows," \
          "$(grep -c '^| Lookup.Run' "$md" || true) benchmark rows" | tee -a "$WORK/markdown-sizes.txt"
      done ;;
    echo)
      [ -d "$WORK/policy" ] || python3 build/bench/generate_large_inputs.py policy --out "$WORK/policy"
      side_by_side echo "$WORK/policy" check --policy perfgate.yml ;;
    cs|folder)
      dir="$WORK/$case"
      if [ ! -d "$dir" ]; then
        if [ "$case" = cs ]; then python3 build/bench/generate_large_inputs.py cs --out "$dir"
        else python3 build/bench/generate_large_inputs.py folder --out "$dir"; fi
      fi
      measure "$case: perfgate scan --sources" "$dir" dotnet "$AFTER/perfgate.dll" scan --sources . --no-baseline -o scan.txt
      s=$LAST_SECONDS; m=$LAST_MB
      rm -rf "$dir/bin" "$dir/obj"
      measure "$case: dotnet build" "$dir" dotnet build -c Release -nologo -tl:off -clp:ErrorsOnly -p:UseSharedCompilation=false
      RATIOS+=("| $case | $(ratio "$s" "$LAST_SECONDS") | $(ratio "$m" "$LAST_MB") | scan / dotnet build |") ;;
    *) echo "unknown case $case" >&2; exit 2 ;;
  esac
done

{
  echo "# Large inputs ($(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "| run | wall | peak RSS | stderr bytes |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  [ -f "$WORK/markdown-sizes.txt" ] && { echo; sed 's/^/- /' "$WORK/markdown-sizes.txt"; rm -f "$WORK/markdown-sizes.txt"; }
  if [ "${#RATIOS[@]}" -gt 0 ]; then
    echo
    echo "| case | time ratio | memory ratio | of |"
    echo "|---|---:|---:|---|"
    printf '%s\n' "${RATIOS[@]}"
  fi
} | tee "$OUTPUT"
