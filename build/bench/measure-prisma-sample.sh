#!/usr/bin/env bash
# The sample's N+1 before and after the fix, under the same Artillery load: samples/PrismaService's GET /users/slow
# (a Post.findMany per user) and GET /users (include), one after the other against one service process.
# A benchmark, not a test: it prints Artillery's response-time figures side by side and their ratio.
#
#   build/bench/measure-prisma-sample.sh [--users N] [--duration S] [--rate N] [--output FILE]
#
#   --users N     users in the database (2 posts each; default 50: 51 queries per N+1 request)
#   --duration S  seconds of load per endpoint (default 20)
#   --rate N      new virtual users per second, 5 requests each (default 10)
# Needs `npm ci` in samples/PrismaService (see its README); builds it.
set -euo pipefail
USERS=50; DURATION=20; RATE=10; OUTPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SAMPLE="$ROOT/samples/PrismaService"
WORK="$ROOT/artifacts/bench/prisma-sample"
OUTPUT=${OUTPUT:-$ROOT/artifacts/bench/prisma-sample.md}
rm -rf "$WORK"; mkdir -p "$WORK" "$(dirname "$OUTPUT")"
[ -d "$SAMPLE/node_modules" ] || { echo "run npm ci in samples/PrismaService first (see its README)"; exit 2; }
export ARTILLERY_DISABLE_TELEMETRY=true
(cd "$SAMPLE" && npm run build --silent >/dev/null)

echo "== service: $USERS users, no tracing"
( cd "$SAMPLE" && PORT=0 USERS="$USERS" OTEL_SDK_DISABLED=true READY_FILE="$WORK/ready.txt" DATABASE_FILE="$WORK/users.db" \
    exec node dist/server.js > "$WORK/service.log" 2>&1 ) &
service=$!
trap 'kill -TERM "$service" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do [ -s "$WORK/ready.txt" ] && break; sleep 0.1; done
target=$(cat "$WORK/ready.txt")

rows=()
for path in /users/slow /users; do
  name=$( [ "$path" = /users/slow ] && echo n-plus-one || echo include )
  echo "== $path: ${DURATION}s at $RATE vusers/s"
  # Warm-up (JIT, SQLite page cache), then the measured run with the same load for both endpoints.
  (cd "$SAMPLE" && LOAD_DURATION=3 LOAD_RATE=2 node node_modules/artillery/bin/run run load/users.yml --target "$target" \
      --variables "{\"path\": \"$path\"}" --output "$WORK/warmup-$name.json" > /dev/null)
  (cd "$SAMPLE" && LOAD_DURATION="$DURATION" LOAD_RATE="$RATE" node node_modules/artillery/bin/run run load/users.yml --target "$target" \
      --variables "{\"path\": \"$path\"}" --output "$WORK/$name.json" > "$WORK/$name.log")
  figures=$(node -e '
    const a = require(process.argv[1]).aggregate, t = a.summaries["http.response_time"], c = a.counters;
    console.log([c["http.requests"], c["http.codes.200"] || 0, t.median, t.p95, t.p99, t.mean.toFixed(1)].join(" "));' "$WORK/$name.json")
  read -r requests ok median p95 p99 mean <<< "$figures"
  rows+=("$path $requests $ok $median $p95 $p99 $mean")
done
read -r _ _ _ _ slow_p95 _ _ <<< "${rows[0]}"
read -r _ _ _ _ fast_p95 _ _ <<< "${rows[1]}"
{
  echo "# samples/PrismaService: the N+1 and its fix under the same Artillery load"
  echo
  echo "$USERS users (the N+1 makes $((USERS + 1)) queries per request, the fix 2); ${DURATION} s at $RATE new virtual users/s, 5 requests each."
  echo
  echo "| endpoint | requests | 200 | median | p95 | p99 | mean |"
  echo "|---|---|---|---|---|---|---|"
  for row in "${rows[@]}"; do read -r p r o m p9 p99 mean <<< "$row"; echo "| GET $p | $r | $o | $m ms | $p9 ms | $p99 ms | $mean ms |"; done
  echo
  echo "p95 ratio (N+1 / fix): $(awk -v a="$slow_p95" -v b="$fast_p95" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')×. Machine: $(nproc) cores, Node $(node --version)."
} > "$OUTPUT"
cat "$OUTPUT"
