#!/usr/bin/env bash
# The issue-13 trial sets: unpack the apps of trial-repos.tsv at their pinned commits, compile them as the harness
# does, write their findings, and score them against judged/<app>.tsv. Usage (README.md, "Trial sets"):
#   build/oss-trial/trial.sh unpack|check|run|score|rescore tuning|heldout|app[,app...] [--todo]
# Held-out apps are for the final measurement: `run`/`score` refuse them unless PG_FINAL=1 (`check` compiles only).
# Nothing of the apps is emitted or run: the harness parses and binds their sources to analyze them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
manifest=$here/trial-repos.tsv
oss=${PG_TRIAL_OSS:-/work/oss/trial}
out=${PG_TRIAL_OUT:-$oss/.findings}
mirrors=${PG_TRIAL_MIRRORS:-/work/.mirror}
command=${1:?usage: trial.sh unpack|check|run|score|rescore SET [--todo]}
set_name=${2:?name a set: tuning, heldout, or app names separated by commas}
shift 2
case "$command" in unpack|check|run|score|rescore) ;; *) echo "trial.sh: unknown command '$command' (unpack, check, run, score, rescore)" >&2; exit 2 ;; esac

apps() { # name repo commit sources excludes usings, one app per line (tab-separated)
  awk -F'\t' -v set="$set_name" 'BEGIN { n = split(set, want, ",") }
    /^#/ || NF == 0 { next } !header++ { next }
    { ok = (set == $4); for (i = 1; i <= n; i++) if (want[i] == $1) ok = 1 }
    ok { print $1 "\t" $2 "\t" $3 "\t" $5 "\t" $6 "\t" $7 }' "$manifest"
}

# git archive stops at the first blob a snapshot lacks (files of 4 MiB and more): leave those out by name.
unpack_one() { # name repo commit
  local dest=$oss/$1 git="git --git-dir=$mirrors/${2/\//+}/repo" path spec=(.)
  [[ "$(cat "$dest/.perfgate-trial-commit" 2>/dev/null)" == "$3" ]] && return 0
  if ! $git cat-file -e "$3^{commit}" 2>/dev/null; then
    echo "trial.sh: $2 @ $3 is not in $mirrors/${2/\//+}/repo: fetch github:$2 with the search tool's fetch first" >&2
    return 1
  fi
  while IFS= read -r path; do spec+=(":(exclude,literal)$path"); done < <(
    $git ls-tree -r --format='%(objecttype) %(objectname) %(path)' "$3" | awk '$1 == "blob"' > "$oss/.tree.$$"
    cut -d' ' -f2 "$oss/.tree.$$" | $git cat-file --batch-check='%(objectname) %(objecttype)' | paste -d' ' - "$oss/.tree.$$" \
      | awk '$2 == "missing" { sub(/^[^ ]+ [^ ]+ [^ ]+ [^ ]+ /, ""); print }'
    rm -f "$oss/.tree.$$")
  rm -rf "$dest" && mkdir -p "$dest"
  # (git still names each left-out blob on stderr: "invalid object ... for '<path>'")
  $git archive "$3" -- "${spec[@]}" 2> >(grep -v "^error: invalid object" >&2) | tar -x -C "$dest"
  echo "$3" > "$dest/.perfgate-trial-commit"
  echo "unpacked $2 @ ${3:0:12} into $dest ($(( ${#spec[@]} - 1 )) files missing from the snapshot)"
}

harness() { # usings root excludes...: the harness, built once
  local usings=$1; shift
  PG_USINGS=$usings dotnet run --project "$here" -c Release --no-build -- "$@"
}

mkdir -p "$oss" "$out"
if [[ "$command" == run || "$command" == score || "$command" == rescore ]] && apps | cut -f1 | grep -qxF -f <(awk -F'\t' '$4 == "heldout" { print $1 }' "$manifest") \
   && [[ "${PG_FINAL:-}" != 1 ]]; then
  echo "trial.sh: '$set_name' includes held-out apps, kept unseen until the final measurement (set PG_FINAL=1 for it)" >&2
  exit 2
fi
[[ -n "$(apps)" ]] || { echo "trial.sh: no app in $manifest matches '$set_name'" >&2; exit 2; }
[[ "$command" == unpack ]] || dotnet build "$here" -c Release -v q -nologo > "$out/.build.log" || { cat "$out/.build.log"; exit 1; }

case "$command" in
  unpack) while IFS=$'\t' read -r name repo commit _; do unpack_one "$name" "$repo" "$commit"; done < <(apps) ;;
  check)
    while IFS=$'\t' read -r name repo commit sources excludes usings; do
      unpack_one "$name" "$repo" "$commit"
      [[ "$excludes" == - ]] && excludes=
      echo "== $name ($repo @ ${commit:0:12})"
      # shellcheck disable=SC2086 # excludes are space-separated substrings
      PG_COMPILE_ONLY=1 PG_ERRORS=1 harness "$usings" "$oss/$name/$sources" $excludes | awk '/^error / && n++ >= 8 { next } { print }'
    done < <(apps) ;;
  run|score)
    while IFS=$'\t' read -r name repo commit sources excludes usings; do
      unpack_one "$name" "$repo" "$commit"
      [[ "$excludes" == - ]] && excludes=
      echo "== $name: $(PG_SERIAL=1 PG_QUIET=1 PG_FINDINGS="$out/$name.findings.tsv" harness "$usings" "$oss/$name/$sources" $excludes | head -1)"
    done < <(apps)
    [[ "$command" == run ]] || dotnet run --project "$here" -c Release --no-build -- score --manifest "$manifest" --set "$set_name" \
      --findings "$out" --judged "$here/judged" "$@" ;;
  rescore)
    dotnet run --project "$here" -c Release --no-build -- score --manifest "$manifest" --set "$set_name" --findings "$out" --judged "$here/judged" "$@" ;;
esac
