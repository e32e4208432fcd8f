using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

/// <summary>A diagnostic of a PerfGate rule (or AD0001, an analyzer that threw) in one file: id, 1-based line, message.</summary>
readonly record struct Finding(string Id, int Line, string Message)
{
    public override string ToString() => $"{Id}@{Line}";
}

/// <summary>What the rules and the compiler said about one file of one version.</summary>
sealed record FileVerdict(SyntaxTree Tree, IReadOnlyList<Finding> Findings, IReadOnlyList<Finding> Errors);

/// <summary>
/// One version of a repository as one compilation (<see cref="TrialCompilation"/>), analyzed file by file with the
/// analyzer the compiler loads (<see cref="PerfGate.Analyzers.PerfGateAnalyzer"/>, every rule hosted): only the files
/// of fix sites are analyzed, which is what a tree-scoped analysis in the IDE does. The rules that report at the
/// end of the compilation (PG2005, PG4004) report no fix site of this corpus.
/// </summary>
sealed class VersionAnalysis
{
    private readonly Dictionary<string, SyntaxTree> _trees;
    private readonly CSharpCompilation _compilation;
    private readonly CompilationWithAnalyzers _analyzers;
    private readonly Dictionary<string, FileVerdict> _verdicts = new(StringComparer.Ordinal);

    private VersionAnalysis(Dictionary<string, SyntaxTree> trees)
    {
        _trees = trees;
        _compilation = TrialCompilation.Create("Recall", trees.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));
        var options = new CompilationWithAnalyzersOptions(TrialCompilation.WholeAppOptions(), null,
            concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        _analyzers = _compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PerfGate.Analyzers.PerfGateAnalyzer()), options);
    }

    public int FileCount => _trees.Count;

    /// <summary>The C# files of <paramref name="scope"/> in <paramref name="folder"/> (a materialized commit), keyed by repository path.</summary>
    public static Dictionary<string, SyntaxTree> Parse(string folder, RepoScope scope) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(folder, f).Replace('\\', '/')))
            .Where(f => scope.Includes(f.Relative))
            .ToDictionary(f => f.Relative, f => TrialCompilation.Parse(File.ReadAllText(f.Full), f.Full), StringComparer.Ordinal);

    public static VersionAnalysis Of(Dictionary<string, SyntaxTree> trees) => new(trees);

    public SyntaxTree? Tree(string path) => _trees.GetValueOrDefault(path);

    public async Task<FileVerdict?> AnalyzeAsync(string path, CancellationToken cancellationToken)
    {
        if (_verdicts.TryGetValue(path, out var known)) return known;
        if (!_trees.TryGetValue(path, out var tree)) return null;
        var model = _compilation.GetSemanticModel(tree);
        var semantic = await _analyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, cancellationToken);
        var syntactic = await _analyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken);
        var findings = semantic.Concat(syntactic)
            .Where(d => d.Id.StartsWith("PG", StringComparison.Ordinal) || d.Id == "AD0001")
            .Select(d => new Finding(d.Id, d.Location.IsInSource ? d.Location.GetLineSpan().StartLinePosition.Line + 1 : 0, d.GetMessage()))
            .Distinct().OrderBy(f => f.Line).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        var errors = model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var verdict = new FileVerdict(tree, findings,
            errors.Select(e => new Finding(e.Id, e.Location.GetLineSpan().StartLinePosition.Line + 1, e.GetMessage())).ToList());
        _verdicts[path] = verdict;
        return verdict;
    }
}
