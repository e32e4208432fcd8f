#!/usr/bin/env bash
# `perfgate scan FOLDER` (no project: one in-process Roslyn compilation + PerfGate's analyzers)
# vs `dotnet build` of the same code (a clean build of the project, restore not timed), one run
# each, on the generated ASP.NET Core + EF Core web API of build/bench/generate_project.py.
# A measurement, not a test: it prints the times and the ratio and never fails on them.
#
#   build/bench/measure-scan-vs-build.sh [--files N] [--keep]
#
# The tool is the repo's Release build (built here if missing).
set -euo pipefail

FILES=300
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --files) FILES="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: $0 [--files N] [--keep]" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d -t perfgate-scan-bench-XXXXXX)"
[ "$KEEP" -eq 1 ] || trap 'rm -rf "$WORK"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 CI=true

TOOL="$ROOT/src/PerfGate.Cli/bin/Release/net10.0/perfgate"
if [ ! -x "$TOOL" ]; then
  dotnet build "$ROOT/src/PerfGate.Cli" -c Release -nologo -tl:off -v:q >/dev/null
fi

python3 "$ROOT/build/bench/generate_project.py" "$WORK/app" --files "$FILES"
CS_FILES=$(find "$WORK/app" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' | wc -l)
dotnet restore "$WORK/app" -nologo -v:q >/dev/null

now() { date +%s.%N; }

t0=$(now)
dotnet build "$WORK/app" --no-restore -nologo -tl:off -v:q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 || true
t1=$(now)
set +e
"$TOOL" scan "$WORK/app" --sources --format json --output "$WORK/scan.json" >"$WORK/scan.log" 2>&1
scan_exit=$?
set -e
t2=$(now)

build_s=$(echo "$t1 - $t0" | bc -l)
scan_s=$(echo "$t2 - $t1" | bc -l)
findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$WORK/scan.json" 2>/dev/null || echo "?")
printf 'files: %s C# files (generate_project.py --files %s)\n' "$CS_FILES" "$FILES"
printf 'dotnet build (clean, restored, no PerfGate): %.1f s\n' "$build_s"
printf 'perfgate scan --sources:                    %.1f s (exit %s, %s findings)\n' "$scan_s" "$scan_exit" "$findings"
printf 'ratio scan/build: %.2f\n' "$(echo "$scan_s / $build_s" | bc -l)"
[ "$KEEP" -eq 1 ] && echo "kept: $WORK"
exit 0
