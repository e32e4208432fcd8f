using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.IO;
using PerfGate.Core.Policy;

namespace PerfGate.Cli;

/// <summary>A file <c>perfgate fix</c> changes: its text before and after, and the bytes to write (original encoding and line breaks).</summary>
public sealed record FixedFile(string Path, string OldText, string NewText, byte[] NewBytes);

/// <summary>
/// What a fix run did: changed files, per rule the findings fixed, left by their fix, or without a fix, and the code the
/// analysis could not cover (PG0009: a rule or analyzer that failed there), so a run that fixed nothing there says why.
/// </summary>
public sealed record FixOutcome(
    IReadOnlyList<FixedFile> Files,
    IReadOnlyDictionary<string, int> Fixed,
    IReadOnlyDictionary<string, int> NotApplicable,
    IReadOnlyDictionary<string, int> NoFix)
{
    public IReadOnlyList<CompilerFinding> Incomplete { get; init; } = Array.Empty<CompilerFinding>();
}

/// <summary>
/// Runs PerfGate's analyzers on a workspace solution and applies the code fixes of PerfGate.CodeFixes
/// (providers discovered by reflection: <c>[ExportCodeFixProvider]</c> types of that assembly). A provider's
/// FixAllProvider fixes a rule in one pass; otherwise fixes are applied one per document and rule, the
/// solution is analyzed again, and so on until nothing changes (bounded). Only documents with a file on
/// disk, outside bin/ and obj/ and not excluded by the policy, are fixed.
/// </summary>
public sealed class CodeFixRunner
{
    public const string CodeFixesAssembly = "PerfGate.CodeFixes";
    private const int MaxRounds = 50;

    private readonly GatePolicy _policy;
    private readonly ISet<string> _rules;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<CodeFixProvider>> _providers;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers = FolderScanner.Analyzers();
    private readonly AnalyzerOptions _analyzerOptions;
    private readonly Dictionary<(string?, string), CompilerFinding> _incomplete = new();

    public CodeFixRunner(GatePolicy policy, IEnumerable<string> rules)
    {
        _policy = policy;
        _rules = new HashSet<string>(rules, StringComparer.Ordinal);
        _providers = Providers();
        _analyzerOptions = FolderScanner.AnalyzerOptionsFor(policy);
    }

    /// <summary>Every C# <see cref="CodeFixProvider"/> exported by PerfGate.CodeFixes, by the rule IDs it fixes.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CodeFixProvider>> Providers()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(CodeFixesAssembly));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new PerfGateException(RuleIdentifiers.NothingToScan,
                $"the tool is incomplete: {CodeFixesAssembly}.dll cannot be loaded ({e.Message}); reinstall PerfGate.Cli");
        }
        var providers = new SortedDictionary<string, IReadOnlyList<CodeFixProvider>>(StringComparer.Ordinal);
        foreach (Type type in assembly.GetTypes().Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t)).OrderBy(
            t => t.FullName, StringComparer.Ordinal))
        {
            ExportCodeFixProviderAttribute? export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            if (export == null || !export.Languages.Contains(LanguageNames.CSharp)) continue;
            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            foreach (string id in provider.FixableDiagnosticIds)
                providers[id] = (providers.TryGetValue(id, out var list) ? list : Array.Empty<CodeFixProvider>()).Append(provider).ToArray();
        }
        return providers;
    }

    public async Task<FixOutcome> RunAsync(Solution original, Progress progress, CancellationToken cancellationToken)
    {
        List<(Diagnostic Diagnostic, DocumentId Document)> initial = await AnalyzeAsync(original, cancellationToken).ConfigureAwait(false);
        progress.Report($"{initial.Count} finding(s) of the selected rules");
        Solution solution = original;
        var refused = new HashSet<string>(StringComparer.Ordinal); // rule|document|text of the flagged span: the fix registered nothing
        for (int round = 0; round < MaxRounds; round++)
        {
            List<(Diagnostic Diagnostic, DocumentId Document)> current = round == 0 ? initial
                : await AnalyzeAsync(solution, cancellationToken).ConfigureAwait(false);
            bool changed = false;
            var touched = new HashSet<DocumentId>();
            foreach (var byRule in current.Where(d => _providers.ContainsKey(d.Diagnostic.Id)).GroupBy(d => d.Diagnostic.Id).OrderBy(
                g => g.Key, StringComparer.Ordinal))
            {
                foreach (CodeFixProvider provider in _providers[byRule.Key])
                {
                    if (provider.GetFixAllProvider() is { } fixAll && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
                    {
                        Solution? all = await FixAllAsync(solution, provider, fixAll, byRule.ToList(), touched, cancellationToken).ConfigureAwait(false);
                        if (all != null)
                        {
                            solution = all;
                            changed = true;
                        }
                        continue;
                    }
                    foreach (var (diagnostic, documentId) in byRule.OrderBy(d => d.Diagnostic.Location.SourceSpan.Start))
                    {
                        if (touched.Contains(documentId)) continue; // one fix per document per round: the next round re-analyzes
                        Document document = solution.GetDocument(documentId)!;
                        string key = RefusalKey(diagnostic, document);
                        if (refused.Contains(key)) continue;
                        CodeAction? action = await FirstActionAsync(provider, document, diagnostic, cancellationToken).ConfigureAwait(false);
                        if (action == null)
                        {
                            refused.Add(key);
                            continue;
                        }
                        Solution? next = await ApplyAsync(solution, action, cancellationToken).ConfigureAwait(false);
                        if (next == null) continue;
                        foreach (DocumentId id in ChangedDocuments(solution, next)) touched.Add(id);
                        solution = next;
                        changed = true;
                    }
                }
            }
            if (!changed) break;
            progress.Report($"round {round + 1}: {touched.Count} document(s) changed");
        }

        List<(Diagnostic Diagnostic, DocumentId Document)> remaining = await AnalyzeAsync(solution, cancellationToken).ConfigureAwait(false);
        var before = Count(initial);
        var after = Count(remaining);
        var fixedCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var notApplicable = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var noFix = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (string id in before.Keys.Union(after.Keys))
        {
            int b = before.GetValueOrDefault(id), a = after.GetValueOrDefault(id);
            if (!_providers.ContainsKey(id))
            {
                noFix[id] = b;
                continue;
            }
            if (b > a) fixedCounts[id] = b - a;
            if (a > 0) notApplicable[id] = a;
        }
        return new FixOutcome(Files(original, solution), fixedCounts, notApplicable, noFix)
        {
            Incomplete = _incomplete.Values.OrderBy(f => f.FilePath ?? "", StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal).ToArray(),
        };
    }

    private static SortedDictionary<string, int> Count(List<(Diagnostic Diagnostic, DocumentId Document)> diagnostics)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (diagnostic, _) in diagnostics) counts[diagnostic.Id] = counts.GetValueOrDefault(diagnostic.Id) + 1;
        return counts;
    }

    private static string RefusalKey(Diagnostic diagnostic, Document document) =>
        diagnostic.Id + "|" + document.FilePath + "|" + diagnostic.Location.SourceTree?.GetText().ToString(diagnostic.Location.SourceSpan);

    /// <summary>The selected rules' diagnostics in fixable documents, de-duplicated across projects (a linked file reports once).</summary>
    private async Task<List<(Diagnostic Diagnostic, DocumentId Document)>> AnalyzeAsync(Solution solution, CancellationToken cancellationToken)
    {
        var found = new List<(Diagnostic, DocumentId)>();
        var seen = new HashSet<(string, string, int, int)>();
        foreach (Project project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp).OrderBy(p => p.FilePath ?? p.Name, StringComparer.Ordinal))
        {
            Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation == null) continue;
            var specific = compilation.Options.SpecificDiagnosticOptions.SetItems(FolderScanner.RulesAsWarnings());
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(specific));
            ImmutableArray<Diagnostic> diagnostics = await compilation
                .WithAnalyzers(_analyzers,
                    new CompilationWithAnalyzersOptions(_analyzerOptions, null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(
                d => d.Location.SourceSpan.Start))
            {
                if (diagnostic.Id is "AD0001" or RuleIdentifiers.AnalysisIncomplete)
                {
                    CompilerFinding note = diagnostic.Id == "AD0001" ? IncompleteScan.AnalyzerFailed(diagnostic)
                        : new CompilerFinding(diagnostic.Id, "warning", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                            diagnostic.Location.SourceTree?.FilePath, null, false);
                    _incomplete.TryAdd((note.FilePath, note.Message), note);
                    continue;
                }
                if (!_rules.Contains(diagnostic.Id) || diagnostic.IsSuppressed || !diagnostic.Location.IsInSource) continue;
                RuleMetadata? rule = RuleCatalog.Find(diagnostic.Id);
                if (rule == null || _policy.LevelFor(rule.Id, rule.Category) is null or RuleLevel.Off) continue;
                Document? document = project.GetDocument(diagnostic.Location.SourceTree);
                if (document?.FilePath is not { } path || !IsFixable(path)) continue;
                if (!seen.Add((diagnostic.Id, path, diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length))) continue;
                found.Add((diagnostic, document.Id));
            }
        }
        return found;
    }

    private bool IsFixable(string path)
    {
        if (!RegularFile.Exists(path) || _policy.IsExcluded(path)) return false;
        string[] segments = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return !segments.Any(s => FolderScanner.SkippedFolders.Contains(s, StringComparer.OrdinalIgnoreCase));
    }

    private static async Task<CodeAction?> FirstActionAsync(
        CodeFixProvider provider, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions.FirstOrDefault();
    }

    private static async Task<Solution?> ApplyAsync(Solution solution, CodeAction action, CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        Solution? changed = operations.OfType<ApplyChangesOperation>().Select(o => o.ChangedSolution).LastOrDefault();
        return changed == null || !ChangedDocuments(solution, changed).Any() ? null : changed;
    }

    private async Task<Solution?> FixAllAsync(Solution solution, CodeFixProvider provider, FixAllProvider fixAll,
        List<(Diagnostic Diagnostic, DocumentId Document)> diagnostics, HashSet<DocumentId> touched, CancellationToken cancellationToken)
    {
        // The equivalence key of the first diagnostic that gets an action selects which of the provider's fixes to apply everywhere.
        foreach (var (diagnostic, documentId) in diagnostics)
        {
            Document document = solution.GetDocument(documentId)!;
            CodeAction? first = await FirstActionAsync(provider, document, diagnostic, cancellationToken).ConfigureAwait(false);
            if (first == null) continue;
            var byDocument = diagnostics.GroupBy(d => d.Document).ToDictionary(g => g.Key, g => g.Select(d => d.Diagnostic).ToImmutableArray());
            var context = new FixAllContext(document, provider, FixAllScope.Solution, first.EquivalenceKey ?? "",
                new[] { diagnostic.Id }, new KnownDiagnostics(byDocument), cancellationToken);
            CodeAction? action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
            if (action == null) return null;
            Solution? next = await ApplyAsync(solution, action, cancellationToken).ConfigureAwait(false);
            if (next != null) foreach (DocumentId id in ChangedDocuments(solution, next)) touched.Add(id);
            return next;
        }
        return null;
    }

    private static IEnumerable<DocumentId> ChangedDocuments(Solution before, Solution after) =>
        after.GetChanges(before).GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true));

    /// <summary>Changed documents with a file on disk, as the bytes to write: the file's own encoding (BOM or not) and line breaks.</summary>
    private List<FixedFile> Files(Solution original, Solution solution)
    {
        var files = new List<FixedFile>();
        foreach (DocumentId id in ChangedDocuments(original, solution).Distinct())
        {
            Document? before = original.GetDocument(id);
            Document? after = solution.GetDocument(id);
            if (before?.FilePath is not { } path || after == null || !IsFixable(path)) continue;
            if (files.Any(f => string.Equals(f.Path, path, StringComparison.Ordinal))) continue;
            byte[] bytes = RegularFile.ReadAllBytes(path);
            SourceFile source = SourceFile.Decode(bytes);
            string newText = SourceFile.MatchLineBreaks(source.Text, after.GetTextAsync().GetAwaiter().GetResult().ToString());
            if (newText == source.Text) continue;
            files.Add(new FixedFile(path, source.Text, newText, source.Encode(newText)));
        }
        files.Sort((x, y) => string.CompareOrdinal(x.Path, y.Path));
        return files;
    }

    private sealed class KnownDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly Dictionary<DocumentId, ImmutableArray<Diagnostic>> _byDocument;

        public KnownDiagnostics(Dictionary<DocumentId, ImmutableArray<Diagnostic>> byDocument) => _byDocument = byDocument;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_byDocument.TryGetValue(document.Id, out var d) ? d : ImmutableArray<Diagnostic>.Empty);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_byDocument.Where(p => p.Key.ProjectId == project.Id).SelectMany(p => p.Value).ToArray());
    }
}

/// <summary>A source file's text with the encoding it was read in, so a rewrite keeps its BOM (or none) and every untouched byte.</summary>
public sealed class SourceFile
{
    private SourceFile(string text, Encoding encoding, byte[] preamble)
    {
        Text = text;
        Encoding = encoding;
        Preamble = preamble;
    }

    public string Text { get; }
    public Encoding Encoding { get; }
    public byte[] Preamble { get; }

    /// <summary>UTF-8 (with or without BOM) or UTF-16 by BOM; bytes that are not UTF-8 are read as Latin-1, which round-trips every byte.</summary>
    public static SourceFile Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            return new SourceFile(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), new UTF8Encoding(false), new byte[] { 0xEF, 0xBB, 0xBF });
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return new SourceFile(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), new UnicodeEncoding(false, false), new byte[] { 0xFF, 0xFE });
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            return new SourceFile(Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), new UnicodeEncoding(true, false), new byte[] { 0xFE, 0xFF });
        try
        {
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            return new SourceFile(strict.GetString(bytes), strict, Array.Empty<byte>());
        }
        catch (DecoderFallbackException)
        {
            return new SourceFile(Encoding.Latin1.GetString(bytes), Encoding.Latin1, Array.Empty<byte>());
        }
    }

    public byte[] Encode(string text) => Preamble.Concat(Encoding.GetBytes(text)).ToArray();

    /// <summary>
    /// A file whose line breaks are all CRLF (or all LF) keeps them: new lines a fix inserted with the other
    /// kind are converted. A file that mixes both is left as the fix wrote it.
    /// </summary>
    public static string MatchLineBreaks(string original, string text)
    {
        int crlf = 0, lf = 0;
        for (int i = 0; i < original.Length; i++)
        {
            if (original[i] != '\n') continue;
            if (i > 0 && original[i - 1] == '\r') crlf++;
            else lf++;
        }
        if (crlf > 0 && lf == 0) return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        if (lf > 0 && crlf == 0) return text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return text;
    }
}
