using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

/// <summary>One finding, as the trial's machine-readable output writes it (one TSV line).</summary>
/// <param name="Key">rule|file|member|anchor: survives line shifts and message rewording (see <see cref="FindingsTable"/>).</param>
/// <param name="Level">What the default policy makes of the finding: "warning" (fails or annotates a build), "note" (a rule whose default
/// level is note, or a finding of unknown reach in a whole app) or "off" (a rule off by default; the trial runs it to judge it).</param>
sealed record FindingRow(string Key, string Rule, string File, int Line, string Member, string Message, string Level = "warning");

/// <summary>
/// The findings file: a header, then one line per finding: key, rule, repo-relative file, line, containing member
/// (documentation comment id; the type for findings outside members), message, level (warning, note or off; files written before
/// levels existed have no level column and read as warnings). The key is rule, file, member and a
/// short hash of the flagged source text and its statement with whitespace collapsed, so it holds when lines shift above
/// it and when a rule rewords its message (issue 13 asks messages to name the request path); no third-party code is written.
/// A second finding with the same key in one member gets "#2", "#3" by line order.
/// </summary>
static class FindingsTable
{
    public const string Header = "key\trule\tfile\tline\tmember\tmessage\tlevel";

    public static List<FindingRow> FromDiagnostics(IEnumerable<Diagnostic> diagnostics, Compilation compilation, string root)
    {
        var rows = new List<(FindingRow Row, int Column)>();
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        foreach (Diagnostic d in diagnostics)
        {
            string file = "-", member = "-", anchor = "-";
            int line = 0, column = 0;
            if (d.Location.IsInSource && d.Location.SourceTree is { } tree)
            {
                var span = d.Location.GetLineSpan();
                file = Path.GetRelativePath(root, span.Path).Replace('\\', '/');
                line = span.StartLinePosition.Line + 1;
                column = span.StartLinePosition.Character + 1;
                if (!models.TryGetValue(tree, out var model)) models[tree] = model = compilation.GetSemanticModel(tree);
                member = EnclosingMember(model, d.Location.SourceSpan.Start);
                anchor = Hash(Anchor(tree, d.Location.SourceSpan));
            }
            string key = string.Join("|", d.Id, file, member, anchor);
            string level = DefaultLevel(d);
            rows.Add((new FindingRow(key, d.Id, file, line, member, Clean(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)), level), column));
        }
        var ordered = rows.OrderBy(r => r.Row.Rule, StringComparer.Ordinal).ThenBy(r => r.Row.File, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Line).ThenBy(r => r.Column).ThenBy(r => r.Row.Message, StringComparer.Ordinal).Select(r => r.Row).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Count; i++)
        {
            int n = seen[ordered[i].Key] = seen.GetValueOrDefault(ordered[i].Key) + 1;
            if (n > 1) ordered[i] = ordered[i] with { Key = ordered[i].Key + "#" + n };
        }
        return ordered;
    }

    /// <summary>
    /// The level a build with the default policy gives the finding. Files written before 2026-12-08 said "warning" for rules whose
    /// default level is note or off, so their warning counts included those rules.
    /// </summary>
    private static string DefaultLevel(Diagnostic d) =>
        PerfGate.Analyzers.Findings.FindingProperties.IsNote(d) ? "note"
        : d.Severity switch { DiagnosticSeverity.Hidden => "off", DiagnosticSeverity.Info => "note", _ => "warning" };

    public static void Write(string path, IEnumerable<FindingRow> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in rows) text.Append(string.Join("\t", r.Key, r.Rule, r.File, r.Line, r.Member, r.Message, r.Level)).Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    public static List<FindingRow> Read(string path)
    {
        var rows = new List<FindingRow>();
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l, i + 1)).Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            if (f.Length is not (6 or 7) || !int.TryParse(f[3], out int lineNo) || (f.Length == 7 && f[6] is not ("warning" or "note" or "off")))
                throw new FormatException($"{path}:{number}: expected 6 or 7 tab-separated fields (key, rule, file, line, member, message[, warning|note|off])");
            rows.Add(new FindingRow(f[0], f[1], f[2], lineNo, f[4], f[5], f.Length == 7 ? f[6] : "warning"));
        }
        return rows;
    }

    /// <summary>The member a finding sits in (lambdas and local functions belong to their method), or its type.</summary>
    private static string EnclosingMember(SemanticModel model, int position)
    {
        for (ISymbol? symbol = model.GetEnclosingSymbol(position); symbol != null; symbol = symbol.ContainingSymbol)
        {
            if (symbol is INamespaceSymbol) break;
            if (symbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction }) continue;
            if (symbol.GetDocumentationCommentId() is { } id) return id;
        }
        return "-";
    }

    /// <summary>
    /// The flagged text and the statement around it (whitespace collapsed): a '.ToList()' flagged twice in one method
    /// still gets two keys, so removing the first finding does not hand its key (and verdict) to the second.
    /// </summary>
    private static string Anchor(SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = tree.GetRoot().FindNode(span, getInnermostNodeForTie: true);
        var statement = node.AncestorsAndSelf().FirstOrDefault(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax
            && n is not Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax);
        string context = statement == null ? "" : Collapse(statement.ToString());
        return Collapse(tree.GetText().ToString(span)) + "|" + context;
    }

    private static string Collapse(string text) => Regex.Replace(text.Length > 400 ? text[..400] : text, @"\s+", " ").Trim();

    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8].ToLowerInvariant();

    private static string Clean(string message) => Regex.Replace(message, @"[\t\r\n]+", " ");
}
