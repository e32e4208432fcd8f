#!/usr/bin/env python3
"""Large inputs of issue 18 item 12 (build/bench/measure-large-inputs.sh):

  sarif   a compiler SARIF log with N results (default 1,000,000) over 2,000 source files
  cs      one C# file of about N MB (default 5) of ordinary methods
  folder  N small C# files (default 20,000) in nested folders, with a .csproj so `dotnet build` can compile the same
  benchmarks  BenchmarkDotNet results and a baseline with N benchmarks each (default 100,000; one in 1,000 regressed), a policy and
              a SARIF log of 300 findings
  policy  a perfgate.yml whose failOn is a scalar of N MB (default 50)
"""
import argparse, json, os

def sarif(path, results):
    rules = ["PG1001", "PG2001", "CA1849", "CS0219"]
    levels = ["error", "warning", "warning", "note"]
    with open(path, "w") as out:
        out.write('{"$schema":"http://json.schemastore.org/sarif-2.1.0","version":"2.1.0","runs":[{"tool":{"driver":'
                  '{"name":"Microsoft (R) Visual C# Compiler","version":"5.0.0","rules":[{"id":"CA1849","properties":{"category":"Performance"}},'
                  '{"id":"CS0219","properties":{"category":"Compiler"}}]}},"results":[\n')
        for i in range(results):
            k = i % 4
            out.write(('' if i == 0 else ',\n') + json.dumps({
                "ruleId": rules[k], "level": levels[k],
                "message": {"text": f"finding {i}: query per item of 'orders' in Method{i % 997}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": f"file:///repo/src/Area{i % 40}/File{i % 2000}.cs"},
                                                    "region": {"startLine": 1 + i % 500, "startColumn": 9, "endLine": 1 + i % 500, "endColumn": 30}}}],
            }, separators=(",", ":")))
        out.write('\n],"columnKind":"utf16CodeUnits"}]}\n')

METHOD = """
        public async Task<int> Method{n}(int id, CancellationToken token)
        {{
            var total = 0;
            for (var i = 0; i < id; i++)
            {{
                total += await Task.FromResult(i * {n}).ConfigureAwait(false);
                if (total > {n}) break;
            }}
            return total;
        }}
"""

def cs_file(path, megabytes, start=0):
    with open(path, "w") as out:
        out.write("using System.Threading;\nusing System.Threading.Tasks;\n\nnamespace Big;\n\npublic sealed class Big%d\n{\n" % start)
        n = start
        while out.tell() < megabytes * 1024 * 1024:
            out.write(METHOD.format(n=n))
            n += 1
        out.write("}\n")

def project(folder):
    with open(os.path.join(folder, "Big.csproj"), "w") as out:
        out.write('<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n'
                  '    <OutputType>Library</OutputType>\n    <Nullable>disable</Nullable>\n    <ImplicitUsings>disable</ImplicitUsings>\n'
                  '    <EnableNETAnalyzers>false</EnableNETAnalyzers>\n  </PropertyGroup>\n</Project>\n')

def folder(root, files):
    project(root)
    for i in range(files):
        sub = os.path.join(root, "src", f"Area{i % 50}", f"Part{i % 400}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"File{i}.cs"), "w") as out:
            out.write("using System.Threading;\nusing System.Threading.Tasks;\n\nnamespace Big.Area%d;\n\npublic sealed class File%d\n{\n" % (i % 50, i))
            out.write(METHOD.format(n=i))
            out.write("}\n")

def benchmarks(root, count):
    # One benchmark in a thousand regressed (+50 % time, +8 B allocated): 100 PG6001 findings beside 100,000 rows.
    for kind in ("baseline", "results"):
        os.makedirs(os.path.join(root, kind), exist_ok=True)
        with open(os.path.join(root, kind, "run-report-brief.json"), "w") as out:
            out.write('{"Title":"big","HostEnvironmentInfo":{"Architecture":"X64","RuntimeVersion":".NET 10.0.1"},"Benchmarks":[\n')
            for i in range(count):
                out.write(('' if i == 0 else ',\n') + json.dumps({
                    "FullName": f"Big.Benchmarks.Lookup.Run(n: {i})", "Namespace": "Big.Benchmarks", "Type": "Lookup", "Method": "Run",
                    "Statistics": {"Median": (150.0 if kind == "results" and i % 1000 == 0 else 100.0) + i % 7,
                                   "Mean": (150.0 if kind == "results" and i % 1000 == 0 else 100.0) + i % 7},
                    "Memory": {"BytesAllocatedPerOperation": 72 if kind == "results" and i % 1000 == 0 else 64}}, separators=(",", ":")))
            out.write("\n]}\n")
    with open(os.path.join(root, "perfgate.yml"), "w") as out:
        out.write('version: 1\nbudgets:\n  benchmarks:\n    - results: "results/*.json"\n      baseline: baseline\n'
                  '      maxRegression: 10%\n      maxAllocatedRegression: 0%\n')
    sarif(os.path.join(root, "findings.sarif"), 300)

def policy(root, megabytes):
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "perfgate.yml"), "w") as out:
        out.write("version: 1\nfailOn: " + "w" * (megabytes * 1024 * 1024) + "\n")

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["sarif", "cs", "folder", "benchmarks", "policy"])
    parser.add_argument("--count", type=int)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.kind == "sarif":
        sarif(args.out, args.count or 1_000_000)
    elif args.kind == "cs":
        os.makedirs(args.out, exist_ok=True)
        project(args.out)
        cs_file(os.path.join(args.out, "Big.cs"), args.count or 5)
    elif args.kind == "folder":
        os.makedirs(args.out, exist_ok=True)
        folder(args.out, args.count or 20_000)
    elif args.kind == "benchmarks":
        benchmarks(args.out, args.count or 100_000)
    else:
        policy(args.out, args.count or 50)
