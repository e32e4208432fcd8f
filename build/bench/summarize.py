#!/usr/bin/env python3
"""Turn the raw measurements of measure-build-overhead.sh into Markdown tables.

    python3 build/bench/summarize.py RESULTS.tsv META.json > report.md

RESULTS.tsv columns (tab-separated, no header):
    project variant kind run wall user sys orphans tail log
  kind is `clean` or `noop` for the measured builds and `check-default` / `check-m1` for the
  one-off check that CPU time includes the compiler and MSBuild node processes.
  log is the build's console log (with -clp:PerformanceSummary), parsed for target times.
META.json holds the run's facts (date, machine, SDK, versions, projects, findings, ...).
"""

import json
import re
import statistics
import sys
from collections import defaultdict

VARIANTS = {
    "A": "without PerfGate",
    "B": "PerfGate, default (SARIF off)",
    "C": "PerfGate, SARIF on",
    "D": "without PerfGate, compiler ErrorLog on",
    "E": "without PerfGate, compiler server",
    "F": "PerfGate, default, compiler server",
    "G": "PerfGate, SARIF through the compiler's ErrorLog",
    "L": "PerfGate, default, with a build logger",
    "N": "PerfGate, default, no findings log",
    "P": "PerfGate before (--before), default",
    "Q": "PerfGate before (--before), SARIF on",
}
# Variants that are read against another baseline than A (besides their ratio to A).
PAIRED_BASELINES = [("F", "E"), ("G", "C"), ("B", "N"), ("B", "P"), ("C", "Q")]
KIND_TITLES = {"clean": "Clean build", "noop": "No-op rebuild"}
TARGET_LINE = re.compile(r"^\s*(\d+) ms\s+(\S+)\s+\d+ calls\s*$")
TOTAL_ANALYZER = re.compile(r"Total analyzer execution time: ([\d.]+) seconds")
ANALYZER_ASSEMBLY = re.compile(r"^\s*<?([\d.]+)\s+(?:<?\d+)\s+([A-Za-z][\w.]*), Version=")


def analyzer_times(log_path):
    """(total analyzer seconds, {assembly: seconds}) from a -p:ReportAnalyzer=true -v:detailed log."""
    total, per_assembly = None, {}
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            in_analyzers = False
            for line in f:
                m = TOTAL_ANALYZER.search(line)
                if m:
                    total, in_analyzers = float(m.group(1)), True
                    continue
                if "Total generator execution time" in line:
                    in_analyzers = False
                if in_analyzers:
                    a = ANALYZER_ASSEMBLY.match(line)
                    if a:
                        per_assembly[a.group(2)] = float(a.group(1))
    except OSError:
        pass
    return total, per_assembly


def target_times(log_path):
    """Milliseconds per target from the 'Target Performance Summary' of a console log."""
    times = {}
    in_section = False
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("Target Performance Summary:"):
                    in_section = True
                    continue
                if in_section:
                    m = TARGET_LINE.match(line)
                    if m:
                        times[m.group(2)] = times.get(m.group(2), 0) + int(m.group(1))
                    elif line.strip():
                        in_section = False
    except OSError:
        pass
    return times


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            project, variant, kind, run, wall, user, sys_, orphans, tail, log = line.rstrip("\n").split("\t")
            targets = target_times(log)
            rows.append({
                "project": project, "variant": variant, "kind": kind, "run": int(run),
                "wall": float(wall), "cpu": float(user) + float(sys_), "orphans": int(orphans),
                "tail": float(tail),
                "compile": targets.get("CoreCompile", 0) / 1000.0,
                "perfgate": sum(v for k, v in targets.items() if k.startswith("PerfGate")) / 1000.0,
                "log": log,
            })
    return rows


def fmt(x, digits=2):
    return f"{x:.{digits}f}"


def ratio_cell(values, baseline, paired):
    """Ratio of medians, with the min-max of the per-run (paired, same round) ratios."""
    r = statistics.median(values) / statistics.median(baseline)
    if paired:
        return f"**{r:.3f}** ({min(paired):.2f}–{max(paired):.2f})"
    return f"**{r:.3f}**"


def table(rows, project, kind):
    by_variant = defaultdict(list)
    for row in rows:
        if row["project"] == project and row["kind"] == kind:
            by_variant[row["variant"]].append(row)
    if "A" not in by_variant:
        return None
    base = {r["run"]: r for r in by_variant["A"]}
    out = [
        "| variant | runs | wall median (s) | wall min–max | wall vs A | CPU median (s) | CPU min–max | CPU vs A | CoreCompile median (s) | PerfGate targets median (s) |",
        "|---|---:|---:|---:|---|---:|---:|---|---:|---:|",
    ]
    for v in sorted(by_variant):
        rs = by_variant[v]
        walls = [r["wall"] for r in rs]
        cpus = [r["cpu"] for r in rs]
        pw = [r["wall"] / base[r["run"]]["wall"] for r in rs if r["run"] in base] if v != "A" else []
        pc = [r["cpu"] / base[r["run"]]["cpu"] for r in rs if r["run"] in base] if v != "A" else []
        out.append("| {} {} | {} | {} | {}–{} | {} | {} | {}–{} | {} | {} | {} |".format(
            v, VARIANTS.get(v, ""), len(rs),
            fmt(statistics.median(walls)), fmt(min(walls)), fmt(max(walls)),
            "1" if v == "A" else ratio_cell(walls, [r["wall"] for r in by_variant["A"]], pw),
            fmt(statistics.median(cpus)), fmt(min(cpus)), fmt(max(cpus)),
            "1" if v == "A" else ratio_cell(cpus, [r["cpu"] for r in by_variant["A"]], pc),
            fmt(statistics.median(r["compile"] for r in rs)),
            fmt(statistics.median(r["perfgate"] for r in rs)),
        ))
    for v, b in PAIRED_BASELINES:
        if v in by_variant and b in by_variant:
            own = {r["run"]: r for r in by_variant[b]}
            rs = by_variant[v]
            pw = [r["wall"] / own[r["run"]]["wall"] for r in rs if r["run"] in own]
            pc = [r["cpu"] / own[r["run"]]["cpu"] for r in rs if r["run"] in own]
            out.append("")
            out.append(f"{v} vs {b} ({VARIANTS[v]} vs {VARIANTS[b]}): wall "
                       + ratio_cell([r["wall"] for r in rs], [r["wall"] for r in by_variant[b]], pw)
                       + ", CPU " + ratio_cell([r["cpu"] for r in rs], [r["cpu"] for r in by_variant[b]], pc) + ".")
    return "\n".join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows = load(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        meta = json.load(f)

    p = print
    p("# PerfGate build overhead")
    p()
    p(f"- date: {meta['date']}")
    p(f"- machine: {meta['machine']}")
    p(f"- SDK: {meta['sdk']}; PerfGate {meta['perfgateVersion']} (packed from {meta['commit']})")
    p(f"- runs: {meta['runs']} per variant and build kind, interleaved (round r builds every variant, "
      "in an order rotated by r); environment: MSBUILDDISABLENODEREUSE=1, UseSharedCompilation=false (E and F: true), "
      "CI/TF_BUILD unset, default `-m`")
    p(f"- command: `{meta['command']}`")
    if meta.get("load"):
        p(f"- load average (1/5/15 min): {meta['load']} (other work on the machine adds noise; compare the min–max columns)")
    p()
    p("Wall = until `dotnet build` exits. CPU = user+sys of the whole process tree (MSBuild, its nodes, "
      "the compiler). Ratio = median of the variant / median of A; in brackets the min–max of the "
      "per-round ratios (same round, adjacent builds), which shows the noise. CoreCompile and "
      "PerfGate targets are MSBuild's target times (`-clp:PerformanceSummary`), wall.")
    p()
    measured = {r["variant"] for r in rows}
    for v, text in VARIANTS.items():
        if v not in measured:
            continue
        p(f"- **{v}**: {text}" + {
            "A": " — the project as it is.",
            "B": " — `PackageReference PerfGate`, a `perfgate.yml` beside the project (reports, `failOn: never`), `PerfGateSarif=false` (the default outside CI).",
            "C": " — as B with `PerfGateSarif=true` (the default in CI): PerfGate's findings log (written by its suppressor at the end of the compile) converted to `perfgate.sarif`.",
            "D": " — as A with `<ErrorLog>…,version=2.1</ErrorLog>`: the compiler's own SARIF log, to separate its cost from PerfGate's.",
            "E": " — as A with `-p:UseSharedCompilation=true` (the default on developer machines): the compiler server (VBCSCompiler), started once before the timed rounds, compiles; its CPU time during each build is counted.",
            "F": " — as B with the compiler server, as E. Read F against E.",
            "G": " — as C with the compiler's `<ErrorLog>…,version=2.1</ErrorLog>` set, which PerfGate then reads instead of its findings log: how SARIF was made before the findings log (and still is when the policy gates other analyzers' rules).",
            "N": " — as B with `PerfGateFindingsLog=false`: the default build as it was before the findings log. Read B against N for what the log costs.",
            "P": " — as B with the package packed from the `--before` folder: read B against P for what the change between them did.",
            "Q": " — as C with the package packed from the `--before` folder: read C against Q.",
            "L": " — as B plus MSBuild's file logger recording warnings and errors (`-flp:…;warningsonly` and `errorsonly`): what an MSBuild logger that turned PG lines into SARIF would cost (it would still miss notes and related locations).",
        }[v])
    p()
    for project in meta["projects"]:
        name = project["name"]
        p(f"## {name}")
        p()
        p(project["description"])
        p()
        for kind in ("clean", "noop"):
            t = table(rows, name, kind)
            if t:
                p(f"### {KIND_TITLES[kind]}")
                p()
                p(t)
                p()
        if project.get("findings"):
            p("Findings reported per variant (distinct PGxxxx diagnostics in the warm-up build's log): "
              + ", ".join(f"{v}: {n}" for v, n in sorted(project["findings"].items())) + ".")
            p()

    attributions = [r for r in rows if r["kind"] == "analyzers"]
    if attributions:
        p("## Where the compile time goes: the compiler's analyzer timing")
        p()
        p("One clean build per variant with `-p:ReportAnalyzer=true` (the compiler times each analyzer; "
          "the times are summed over the compiler's threads, so they are CPU-like seconds, and they vary "
          "less than whole-build times). *Other analyzers* are the SDK's .NET, ASP.NET Core and EF Core "
          "analyzers that every build runs.")
        p()
        p("| project | variant | all analyzers (s) | PerfGate.Analyzers (s) | largest other analyzer assemblies (s) |")
        p("|---|---|---:|---:|---|")
        for r in sorted(attributions, key=lambda r: (r["project"], r["variant"])):
            total, per = analyzer_times(r["log"])
            if total is None:
                p(f"| {r['project']} | {r['variant']} | (no timing in log) | | |")
                continue
            others = sorted(((s, a) for a, s in per.items() if a != "PerfGate.Analyzers"), reverse=True)[:3]
            p(f"| {r['project']} | {r['variant']} | {total:.3f} | "
              f"{per.get('PerfGate.Analyzers', 0.0):.3f} | "
              + ", ".join(f"{a} {s:.3f}" for s, a in others) + " |")
        p()

    checks = [r for r in rows if r["kind"].startswith("check-")]
    if checks:
        p("## Measurement check: is the CPU time of child processes counted?")
        p()
        p("One clean build per variant with the default `-m` and one with `-m:1` (all in one process "
          "but the compiler). If worker nodes or the compiler escaped the count, the default build would "
          "show much less CPU than `-m:1`.")
        p()
        p("| project | variant | CPU default -m (s) | CPU -m:1 (s) | wall default (s) | wall -m:1 (s) |")
        p("|---|---|---:|---:|---:|---:|")
        pairs = defaultdict(dict)
        for r in checks:
            pairs[(r["project"], r["variant"])][r["kind"]] = r
        for (proj, v), d in sorted(pairs.items()):
            if "check-default" in d and "check-m1" in d:
                p(f"| {proj} | {v} | {fmt(d['check-default']['cpu'])} | {fmt(d['check-m1']['cpu'])} | "
                  f"{fmt(d['check-default']['wall'])} | {fmt(d['check-m1']['wall'])} |")
        p()
    orphans = sum(r["orphans"] for r in rows)
    p(f"Processes that outlived their parent (re-parented to the measuring process and counted): {orphans} "
      f"over {len(rows)} builds" + (f"; longest tail after `dotnet build` exited: {max(r['tail'] for r in rows):.2f} s." if orphans else "."))


if __name__ == "__main__":
    main()
