#!/usr/bin/env bash
# What PerfGate costs in `dotnet build`: wall and CPU time of clean and no-op builds, with PerfGate
# (SARIF off and on) vs without it, measured side by side in one run. A benchmark, not a test:
# it reports ratios and never fails on them. See docs/performance.md.
#
#   build/bench/measure-build-overhead.sh [--runs N] [--files N] [--output FILE] [--keep] [--no-sample] [--no-server]
#       [--variants "A B C …"] [--no-generated] [--solution ROOT TARGET]… [--solution-args "ARGS"] [--before DIR]
#
#   --runs N       timed repetitions per variant and build kind (default 5)
#   --files N      minimum number of C# files of the generated project (default 300)
#   --output FILE  Markdown report (default artifacts/bench/build-overhead.md in the repo); the raw
#                  measurements go beside it as .tsv
#   --keep         keep the temp directory (projects, build logs) and print its path
#   --no-sample    only the generated project
#   --no-server    skip variants E and F (the compiler server)
#   --variants L   the variants to measure (default "A B C D E F"; G and L on request)
#   --no-generated skip the generated project
#   --solution ROOT TARGET
#                  also measure a real solution: the folder ROOT is copied per variant (without bin/obj/.git),
#                  and TARGET (a .sln/.slnx/.slnf/.csproj relative to ROOT) is restored and built. PerfGate reaches
#                  every project through -p:CustomBeforeMicrosoftCommonProps (nothing of the copy is edited, but a
#                  perfgate.yml with failOn: never at ROOT if it has none); repeatable
#   --solution-args ARGS
#                  extra arguments for every restore and build of the --solution given just before (e.g.
#                  -p:TargetFrameworks=net9.0 to build one target framework of a multi-targeting solution)
#   --before DIR   also pack PerfGate from DIR (another checkout or an export of it, e.g. main's) for variants P and Q:
#                  a change's before and after measured side by side in one run
#
# Variants, each in its own copy of the project (own obj/, restored once, restore not timed):
#   A  without PerfGate
#   B  PerfGate package, perfgate.yml present, PerfGateSarif=false (the default outside CI)
#   C  PerfGate package, PerfGateSarif=true (the default in CI)
#   D  without PerfGate, compiler ErrorLog on (what the compiler's own SARIF log costs)
#   E  as A, with the compiler server (-p:UseSharedCompilation=true, the default on developer machines)
#   F  as B, with the compiler server; compare F with E
#   G  as C, with the compiler's ErrorLog set, which PerfGate then reads (how SARIF was made before the findings log)
#   L  as B, plus MSBuild's file logger of warnings and errors (the cost of an MSBuild-logger route to SARIF)
#   N  as B, with PerfGateFindingsLog=false: the default build without the findings log (what B cost before it)
#   P  as B, with the package packed from --before DIR; compare B with P
#   Q  as C, with the package packed from --before DIR; compare C with Q
# Projects: a generated ASP.NET Core + EF Core web API (build/bench/generate_project.py) and a copy
# of samples/OrderService consuming the packed package (see docs/performance.md for why a copy).
set -euo pipefail

RUNS=5
FILES=300
OUTPUT=""
KEEP=0
SAMPLE=1
SERVER=1
GENERATED=1
VARIANTS_ASKED=""
BEFORE=""
SOLUTIONS=()   # ROOT|TARGET|ARGS
ORIGINAL_ARGS="$*"

die() { echo "measure-build-overhead: $*" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --files) FILES="${2:?--files needs a number}"; shift 2 ;;
    --output) OUTPUT="${2:?--output needs a path}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-sample) SAMPLE=0; shift ;;
    --no-server) SERVER=0; shift ;;
    --no-generated) GENERATED=0; shift ;;
    --variants) VARIANTS_ASKED="${2:?--variants needs a list}"; shift 2 ;;
    --solution) SOLUTIONS+=("${2:?--solution needs ROOT TARGET}|${3:?--solution needs ROOT TARGET}"); shift 3 ;;
    --solution-args) [ "${#SOLUTIONS[@]}" -gt 0 ] || die "--solution-args goes after the --solution it is for"
      SOLUTIONS[-1]="${SOLUTIONS[-1]}|${2:?--solution-args needs a value}"; shift 2 ;;
    --before) BEFORE="${2:?--before needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ "$FILES" =~ ^[1-9][0-9]*$ ]] || die "--files must be a positive integer"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$REPO/build/bench"
if [ -z "$OUTPUT" ]; then
  OUTPUT="$REPO/artifacts/bench/build-overhead.md"
fi
case "$OUTPUT" in /*) ;; *) OUTPUT="$PWD/$OUTPUT" ;; esac

command -v dotnet >/dev/null || die "dotnet is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH"

# A developer's machine: every build starts its own compiler and MSBuild nodes as child processes
# (so their CPU time is counted), no build servers, and no CI variables (which would switch SARIF
# on; the variants pin PerfGateSarif anyway).
export MSBUILDDISABLENODEREUSE=1 UseSharedCompilation=false DOTNET_CLI_USE_MSBUILD_SERVER=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=true
unset CI TF_BUILD GITHUB_ACTIONS BUILD_BUILDID

WORK="$(mktemp -d "${TMPDIR:-/tmp}/perfgate-bench.XXXXXX")"
VERSION="0.0.0-bench.$(date -u +%Y%m%d%H%M%S).$$"
BEFORE_VERSION="$VERSION.before"
GLOBAL_PACKAGES="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
GLOBAL_PACKAGES="${GLOBAL_PACKAGES:-$HOME/.nuget/packages/}"

SERVER_PIDS=""   # the compiler server this run started (variants E and F), stopped at the end

cleanup() {
  local pid
  for pid in ${SERVER_PIDS//,/ }; do kill "$pid" 2>/dev/null || true; done
  # The unique version must not stay in NuGet's global cache.
  rm -rf "${GLOBAL_PACKAGES%/}/perfgate/$VERSION" "${GLOBAL_PACKAGES%/}/perfgate/$BEFORE_VERSION"
  if [ "$KEEP" = 1 ]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

RESULTS="$WORK/results.tsv"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
: > "$RESULTS"

# ------------------------------------------------------------------ 1. pack PerfGate into a feed
# The commit the package is packed from (the checkout may move on while the rounds run).
commit="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src 2>/dev/null)" ]; then commit="$commit + uncommitted changes in src/"; fi
log "packing PerfGate $VERSION"
if ! dotnet pack "$REPO/src/PerfGate.MSBuild" -c Release -o "$WORK/feed" -p:PackageVersion="$VERSION" \
      -nologo -v:q -tl:off > "$LOGS/pack.log" 2>&1; then
  cat "$LOGS/pack.log" >&2
  die "dotnet pack src/PerfGate.MSBuild failed (log above)"
fi
ls "$WORK/feed/PerfGate.$VERSION.nupkg" >/dev/null || die "no PerfGate.$VERSION.nupkg in the feed"
if [ -n "$BEFORE" ]; then
  [ -d "$BEFORE/src/PerfGate.MSBuild" ] || die "--before: '$BEFORE' has no src/PerfGate.MSBuild"
  before_commit="$(git -C "$BEFORE" rev-parse --short HEAD 2>/dev/null || echo "an export in $BEFORE")"
  commit="$commit; P and Q: $before_commit"
  log "packing PerfGate $BEFORE_VERSION from $BEFORE"
  dotnet pack "$BEFORE/src/PerfGate.MSBuild" -c Release -o "$WORK/feed" -p:PackageVersion="$BEFORE_VERSION" \
      -nologo -v:q -tl:off > "$LOGS/pack-before.log" 2>&1 || { cat "$LOGS/pack-before.log" >&2; die "dotnet pack of --before failed"; }
fi

# Every project below lives under $WORK, so this file adds the feed to the user's own sources.
cat > "$WORK/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="perfgate-bench" value="feed" />
  </packageSources>
</configuration>
EOF

# ------------------------------------------------------------------ 2. projects and variants
VARIANT_LIST=(A B C D)
if [ "$SERVER" = 1 ]; then VARIANT_LIST+=(E F); fi
if [ -n "$VARIANTS_ASKED" ]; then read -r -a VARIANT_LIST <<< "$VARIANTS_ASKED"; fi
for v in "${VARIANT_LIST[@]}"; do
  case "$v" in A|B|C|D|E|F|G|L|N) ;; P|Q) [ -n "$BEFORE" ] || die "variants P and Q need --before DIR" ;;
    *) die "unknown variant '$v' (A B C D E F G L N P Q)" ;; esac
done
[ "${VARIANT_LIST[0]}" = A ] || die "--variants must start with A, the baseline"
HAS_SERVER_VARIANT=0
for v in "${VARIANT_LIST[@]}"; do case "$v" in E|F) HAS_SERVER_VARIANT=1 ;; esac; done
if [ "$HAS_SERVER_VARIANT" = 1 ] && [ "$GENERATED" = 0 ]; then die "variants E and F start the compiler server with the generated project: drop --no-generated or --no-server"; fi

declare -A PROJECT_TARGET   # external solutions: the file to restore and build, relative to the copy
declare -A PROJECT_ARGS     # and their --solution-args

# The variant's settings: added to the project file before </Project>, or, for a solution, written to a props file
# that every project imports through -p:CustomBeforeMicrosoftCommonProps (see variant_args).
variant_snippet() {
  # VersionOverride where the solution manages versions centrally (item conditions see every property).
  local version="$VERSION"
  case "$1" in P|Q) version="$BEFORE_VERSION" ;; esac
  local package="<ItemGroup><PackageReference Include=\"PerfGate\" Version=\"$version\" PrivateAssets=\"all\" Condition=\"'\$(ManagePackageVersionsCentrally)' != 'true'\" />
    <PackageReference Include=\"PerfGate\" VersionOverride=\"$version\" PrivateAssets=\"all\" Condition=\"'\$(ManagePackageVersionsCentrally)' == 'true'\" /></ItemGroup>"
  # In obj/ itself: a props file is read before \$(Configuration) has its default.
  local errorlog="<ErrorLog>\$(MSBuildProjectDirectory)/obj/compiler.\$(TargetFramework).sarif,version=2.1</ErrorLog>"
  case "$1" in
    A|E) echo "" ;;
    B|F|L|P) echo "<PropertyGroup><PerfGateSarif>false</PerfGateSarif></PropertyGroup> $package" ;;
    N) echo "<PropertyGroup><PerfGateSarif>false</PerfGateSarif><PerfGateFindingsLog>false</PerfGateFindingsLog></PropertyGroup> $package" ;;
    C|Q) echo "<PropertyGroup><PerfGateSarif>true</PerfGateSarif></PropertyGroup> $package" ;;
    D) echo "<PropertyGroup>$errorlog</PropertyGroup>" ;;
    G) echo "<PropertyGroup><PerfGateSarif>true</PerfGateSarif>$errorlog</PropertyGroup> $package" ;;
  esac
}

apply_variant() {
  local dir="$1" variant="$2" project="$3" snippet csproj
  snippet="$(variant_snippet "$variant")"
  if [ -n "${PROJECT_TARGET[$project]:-}" ]; then
    printf '<Project>\n  <!-- benchmark variant %s -->\n  %s\n</Project>\n' "$variant" "$snippet" > "$dir/perfgate-bench-variant.props"
    return 0
  fi
  [ -n "$snippet" ] || return 0
  csproj="$(ls "$dir"/*.csproj)"
  python3 - "$csproj" "$snippet" <<'PY'
import sys
path, snippet = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
i = text.rindex("</Project>")
open(path, "w", encoding="utf-8").write(text[:i] + "  <!-- benchmark variant -->\n  " + snippet + "\n" + text[i:])
PY
}

PROJECTS=()
PROJECT_META=()

# generated project
if [ "$GENERATED" = 1 ]; then
  log "generating a project of >= $FILES C# files"
  GEN_SUMMARY="$(python3 "$BENCH/generate_project.py" "$WORK/template-generated" --files "$FILES")"
  log "$GEN_SUMMARY"
  PROJECTS+=(generated)
  PROJECT_META+=("generated|Generated ASP.NET Core + EF Core 10.0.15 web API: $(echo "$GEN_SUMMARY" | sed "s| in $WORK/template-generated||") (build/bench/generate_project.py --files $FILES).")
fi

# real solutions, each copied as it is; PerfGate comes in through a props file per variant
for entry in "${SOLUTIONS[@]}"; do
  IFS='|' read -r root target args <<< "$entry"
  [ -d "$root" ] || die "--solution: '$root' is not a folder"
  [ -f "$root/$target" ] || die "--solution: '$root/$target' does not exist"
  name="$(basename "$root" | tr -c 'A-Za-z0-9_.\n-' '-')"
  mkdir -p "$WORK/template-$name"
  (cd "$root" && tar --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude='./bin' --exclude='./obj' \
      --exclude='*/node_modules' -cf - .) | tar -xf - -C "$WORK/template-$name"
  [ -f "$WORK/template-$name/perfgate.yml" ] || printf 'version: 1\nfailOn: never\n' > "$WORK/template-$name/perfgate.yml"
  PROJECT_TARGET[$name]="$target"
  PROJECT_ARGS[$name]="$args"
  cs_files="$(find "$WORK/template-$name" -name '*.cs' | wc -l)"
  PROJECTS+=("$name")
  PROJECT_META+=("$name|Real solution \`$target\` of $(basename "$root") ($cs_files C# files in the copy), built as it is${args:+ with \`$args\`}, PerfGate added to every project through \`-p:CustomBeforeMicrosoftCommonProps\`, policy \`failOn: never\` (the copy's own perfgate.yml if it has one).")
done
[ "${#PROJECTS[@]}" -gt 0 ] || die "nothing to measure (--no-generated without --solution)"

# the sample, as a consumer of the package would have it
if [ "$SAMPLE" = 1 ]; then
  SAMPLE_SRC="$REPO/samples/OrderService"
  mkdir -p "$WORK/template-sample"
  (cd "$SAMPLE_SRC" && tar --exclude=./bin --exclude=./obj --exclude='*.db' --exclude='*.db-*' -cf - .) \
    | tar -xf - -C "$WORK/template-sample"
  # The sample's policy fails the build on purpose (failOn: error with error-level findings); a
  # failed compile emits nothing and never becomes a no-op build. Same rules, failOn: never.
  grep -q '^failOn:' "$WORK/template-sample/perfgate.yml" || die "samples/OrderService/perfgate.yml has no failOn line"
  sed -i 's/^failOn:.*/failOn: never/' "$WORK/template-sample/perfgate.yml"
  SAMPLE_FILES="$(find "$WORK/template-sample" -name '*.cs' | wc -l)"
  PROJECTS+=(sample)
  PROJECT_META+=("sample|Copy of samples/OrderService ($SAMPLE_FILES C# files) with \`PackageReference PerfGate\` instead of the in-repo wiring, and its policy with \`failOn: never\` so the build succeeds.")
fi

# Arguments of every restore and build of PROJECT in VARIANT: for a solution, its target, the props file and --solution-args.
project_args() {
  local project="$1" variant="$2"
  [ -n "${PROJECT_TARGET[$project]:-}" ] || return 0
  echo "${PROJECT_TARGET[$project]} -p:CustomBeforeMicrosoftCommonProps=$WORK/$project/$variant/perfgate-bench-variant.props -p:RestoreAdditionalProjectSources=$WORK/feed ${PROJECT_ARGS[$project]}"
}

for project in "${PROJECTS[@]}"; do
  for v in "${VARIANT_LIST[@]}"; do
    dir="$WORK/$project/$v"
    mkdir -p "$dir"
    cp -r "$WORK/template-$project/." "$dir/"
    apply_variant "$dir" "$v" "$project"
    log "restoring $project/$v (not timed)"
    # shellcheck disable=SC2046 # project_args is a list of arguments
    if ! (cd "$dir" && dotnet restore $(project_args "$project" "$v") -nologo -v:q -tl:off) > "$LOGS/restore-$project-$v.log" 2>&1; then
      cat "$LOGS/restore-$project-$v.log" >&2
      die "restore of $project/$v failed"
    fi
  done
done

# ------------------------------------------------------------------ 3. measuring
# Variants E and F build through the compiler server. It is started here, outside any timed build
# (a build that starts it would count it as a descendant that never exits), and its CPU time during
# each E/F build is added to the build's (timed_run.py --count-pids).
server_pids() { { pgrep -f 'Roslyn/bincore/VBCSCompiler' || true; } | sort -n | tr '\n' ' '; }

ensure_server() {
  local pid alive=0 before after
  for pid in ${SERVER_PIDS//,/ }; do [ -d "/proc/$pid" ] && alive=1; done
  [ "$alive" = 1 ] && return 0
  before=" $(server_pids)"
  log "starting the compiler server (untimed build of generated/E)"
  clean_outputs generated E
  (cd "$WORK/generated/E" && dotnet build --no-restore -nologo -tl:off -v:n -p:UseSharedCompilation=true) \
    > "$LOGS/server-start.log" 2>&1 || { tail -30 "$LOGS/server-start.log" >&2; die "build that starts the compiler server failed"; }
  grep -q 'CompilerServer: server - server processed compilation' "$LOGS/server-start.log" \
    || die "the compiler server did not compile generated/E (see $LOGS/server-start.log)"
  SERVER_PIDS=""
  for pid in $(server_pids); do
    case "$before " in *" $pid "*) ;; *) SERVER_PIDS="$SERVER_PIDS${SERVER_PIDS:+,}$pid" ;; esac
  done
  if [ -z "$SERVER_PIDS" ]; then
    # A server that was already running (same SDK, same user) served the build: count it instead.
    SERVER_PIDS="$(server_pids | tr ' ' ',' | sed 's/,$//')"
    [ -n "$SERVER_PIDS" ] || die "no VBCSCompiler process after a build with UseSharedCompilation=true"
    log "warning: a compiler server that was already running serves variants E and F; its CPU time is counted, so nothing else may use it meanwhile"
  fi
  log "compiler server: pid $SERVER_PIDS"
}

# Extra build arguments of a variant.
variant_args() {
  case "$1" in
    E|F) echo "-p:UseSharedCompilation=true" ;;
    L) echo "-flp1:logfile=perfgate-bench-warnings.log;warningsonly -flp2:logfile=perfgate-bench-errors.log;errorsonly -fl1 -fl2" ;;
  esac
}

# measure PROJECT VARIANT KIND RUN [extra build args]: one timed `dotnet build`, appended to RESULTS;
# leaves its wall and CPU seconds in M_WALL and M_CPU. (Not called in a subshell, so `die` stops the run.)
measure() {
  local project="$1" variant="$2" kind="$3" run="$4"; shift 4
  local dir="$WORK/$project/$variant" logf="$LOGS/$project-$variant-$kind-$run.log" line
  local count=() extra
  extra="$(variant_args "$variant")"
  if [ "$variant" = E ] || [ "$variant" = F ]; then
    ensure_server
    count=(--count-pids "$SERVER_PIDS")
  fi
  # shellcheck disable=SC2086 # $extra is a list of arguments
  line="$(cd "$dir" && python3 "$BENCH/timed_run.py" --log "$logf" "${count[@]}" -- \
          dotnet build $(project_args "$project" "$variant") --no-restore -nologo -tl:off -clp:PerformanceSummary $extra "$@")"
  local wall user sys rc orphans tail
  read -r wall user sys rc orphans tail <<< "$line"
  [ "$rc" = 0 ] || { tail -30 "$logf" >&2; die "build of $project/$variant ($kind, run $run) failed: $logf"; }
  if [ "$kind" != warmup ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
      "$project" "$variant" "$kind" "$run" "$wall" "$user" "$sys" "$orphans" "$tail" "$logf" >> "$RESULTS"
  fi
  M_WALL="$wall"
  M_CPU="$(python3 -c "print(f'{$user + $sys:.2f}')")"
}

# Keeps obj/project.assets.json (restore is not timed); a solution's copy has a bin and obj/Debug per project.
clean_outputs() {
  find "$WORK/$1/$2" \( -type d -name bin -prune -exec rm -rf {} + \) -o \( -type d -path '*/obj/Debug' -prune -exec rm -rf {} + \)
}
# The newest file NAME under an obj/ folder of PROJECT/VARIANT, or nothing.
obj_file() { find "$WORK/$1/$2" -path '*/obj/*' -name "$3" -print -quit; }

distinct_findings() { { grep -oE '[^ ]+\([0-9]+,[0-9]+\): (warning|error) PG[0-9]{4}' "$1" || true; } | sort -u | wc -l; }
# Results in a findings log (notes included: a finding of unknown reach in an app is a note, kept out of the build's output).
logged_findings() {
  [ -n "$1" ] || { echo 0; return; }
  python3 -c 'import json, sys; print(sum(len(r.get("results", [])) for r in json.load(open(sys.argv[1])).get("runs", [])))' "$1"
}

# Warm-up (untimed): one clean build per variant, which also proves each variant is wired as meant.
declare -A FINDINGS LOGGED
for project in "${PROJECTS[@]}"; do
  for v in "${VARIANT_LIST[@]}"; do
    clean_outputs "$project" "$v"
    log "warm-up $project/$v"
    measure "$project" "$v" warmup 0
    wlog="$LOGS/$project-$v-warmup-0.log"
    FINDINGS["$project/$v"]="$(distinct_findings "$wlog")"
    LOGGED["$project/$v"]="$(logged_findings "$(obj_file "$project" "$v" perfgate.findings.sarif)")"
    has() { [ -n "$(obj_file "$project" "$v" "$1")" ]; }
    # Generated project and sample have planted findings; a real solution may have none.
    planted=1; [ -n "${PROJECT_TARGET[$project]:-}" ] && planted=0
    case "$v" in
      A|E) ! has perfgate.globalconfig && [ "${FINDINGS[$project/$v]}" = 0 ] || die "$project/$v is not a build without PerfGate" ;;
      B|F|L|P) has perfgate.globalconfig || die "$project/$v: no perfgate.globalconfig (PerfGate not active?) - $wlog"
         has perfgate.findings.sarif || die "$project/$v: no findings log - $wlog"
         ! has perfgate.sarif || die "$project/$v wrote perfgate.sarif with SARIF off"
         [ "$planted" = 0 ] || [ "${FINDINGS[$project/$v]}" -gt 0 ] || [ "${LOGGED[$project/$v]}" -gt 0 ] \
           || die "$project/$v reported no PerfGate finding - $wlog" ;;
      C|Q) has perfgate.sarif && has perfgate.findings.sarif && ! has perfgate.compiler.sarif && ! has 'compiler.*.sarif' \
           || die "$project/$v: no perfgate.sarif from the findings log - $wlog" ;;
      D) has 'compiler.*.sarif' && [ "${FINDINGS[$project/$v]}" = 0 ] || die "$project/D: no compiler.sarif, or PerfGate present - $wlog" ;;
      N) has perfgate.globalconfig && ! has perfgate.findings.sarif || die "$project/N: PerfGate inactive, or it wrote a findings log - $wlog" ;;
      G) has perfgate.sarif && has 'compiler.*.sarif' || die "$project/G: no perfgate.sarif from the compiler's log - $wlog" ;;
    esac
    case "$v" in L) [ -f "$WORK/$project/$v/perfgate-bench-warnings.log" ] || die "$project/L: no logger output" ;; esac
  done
done

# Check that CPU time includes the compiler and MSBuild nodes: default -m vs -m:1.
if [ "$GENERATED" = 1 ]; then
  log "check: default -m vs -m:1 (generated project, A and C)"
  for v in A C; do
    clean_outputs generated "$v"; measure generated "$v" check-default 0
    clean_outputs generated "$v"; measure generated "$v" check-m1 0 -m:1
  done
fi

# Attribution (untimed for the tables): one clean build per variant with the compiler's own
# per-analyzer timing (-p:ReportAnalyzer=true, printed at -v:detailed). Noise-free where the
# wall/CPU ratios are not: it says how much of the compile is PerfGate's analyzers.
for project in "${PROJECTS[@]}"; do
  [ -z "${PROJECT_TARGET[$project]:-}" ] || continue   # real solutions: the timed rounds only
  for v in "${VARIANT_LIST[@]}"; do
    log "analyzer timing $project/$v"
    clean_outputs "$project" "$v"; measure "$project" "$v" analyzers 0 -v:detailed -p:ReportAnalyzer=true
  done
done

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
# Timed rounds: every variant once per round (clean build, then a no-op rebuild of it), the order
# rotated each round so no variant always follows the same one.
for ((run = 1; run <= RUNS; run++)); do
  for project in "${PROJECTS[@]}"; do
    for ((k = 0; k < ${#VARIANT_LIST[@]}; k++)); do
      v="${VARIANT_LIST[$(((k + run - 1) % ${#VARIANT_LIST[@]}))]}"
      clean_outputs "$project" "$v"
      measure "$project" "$v" clean "$run"
      clean="${M_WALL}s wall, ${M_CPU}s CPU"
      measure "$project" "$v" noop "$run"
      log "run $run/$RUNS $project/$v: clean $clean; no-op ${M_WALL}s wall, ${M_CPU}s CPU"
    done
  done
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------ 4. report
projects_json="$(for entry in "${PROJECT_META[@]}"; do
  name="${entry%%|*}"; desc="${entry#*|}"
  f="$(for v in "${VARIANT_LIST[@]}"; do printf '%s=%s (%s in the findings log),' "$v" "${FINDINGS[$name/$v]}" "${LOGGED[$name/$v]}"; done)"
  printf '%s\t%s\t%s\n' "$name" "$desc" "${f%,}"
done)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
PROJECTS_TSV="$projects_json" python3 - "$WORK/meta.json" <<PY
import json, os, sys
projects = []
for line in os.environ["PROJECTS_TSV"].splitlines():
    name, desc, findings = line.split("\t")
    projects.append({"name": name, "description": desc,
                     "findings": dict(kv.split("=") for kv in findings.split(",") if kv)})
meta = {
    "date": "$(date -u +'%Y-%m-%d %H:%M UTC')",
    "machine": "$(nproc) cores ($cpu_model), $mem, $(uname -sr)",
    "sdk": ".NET SDK $(dotnet --version)",
    "perfgateVersion": "$VERSION",
    "commit": "$commit",
    "runs": $RUNS,
    "load": "before the timed rounds $LOAD_BEFORE, after them $LOAD_AFTER",
    "command": "build/bench/measure-build-overhead.sh $ORIGINAL_ARGS".strip(),
    "projects": projects,
}
json.dump(meta, open(sys.argv[1], "w"), indent=2)
PY

mkdir -p "$(dirname "$OUTPUT")"
python3 "$BENCH/summarize.py" "$RESULTS" "$WORK/meta.json" > "$OUTPUT.tmp"
mv "$OUTPUT.tmp" "$OUTPUT"
cp "$RESULTS" "${OUTPUT%.md}.tsv"
cat "$OUTPUT"
log "report: $OUTPUT (raw: ${OUTPUT%.md}.tsv)"
