using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

/// <summary>
/// Names the member that holds a line (<c>Type.Member</c>, <c>Type.ctor</c> for constructors, the innermost type's
/// name without type parameters) and proposes a fix site from a diff: the statements the changed lines fall in.
/// </summary>
static class Sites
{
    public static string? MemberAt(SyntaxTree tree, int line)
    {
        var member = Members(tree).Where(m => Lines(m).Contains(line)).OrderBy(m => m.Span.Length).FirstOrDefault();
        return member is null ? null : NameOf(member);
    }

    /// <summary>Whether both ends of <paramref name="span"/> lie in one member named <paramref name="name"/>; otherwise why not.</summary>
    public static string? CheckSite(SyntaxTree tree, string name, LineSpan span)
    {
        string? first = MemberAt(tree, span.First), last = MemberAt(tree, span.Last);
        if (first == name && last == name) return null;
        return $"lines {span} lie in {first ?? "no member"}{(first == last ? "" : $" .. {last ?? "no member"}")}, not {name}";
    }

    /// <summary>
    /// The first to last line of the innermost statements (not blocks) of member <paramref name="name"/> that hold a
    /// changed line; the member's own lines when no statement does (an expression body, a field initializer).
    /// </summary>
    public static LineSpan Suggest(SyntaxTree tree, string name, IEnumerable<int> changedLines)
    {
        var text = tree.GetText();
        var members = Members(tree).Where(m => NameOf(m) == name).ToList();
        var lines = changedLines.Where(l => l >= 1 && l <= text.Lines.Count && IsCode(text.Lines[l - 1].ToString())).ToList();
        var hits = new List<LineSpan>();
        foreach (var member in members)
        {
            var memberLines = Lines(member);
            foreach (int line in lines.Where(memberLines.Contains))
            {
                var position = text.Lines[line - 1].Start + text.Lines[line - 1].ToString().TakeWhile(char.IsWhiteSpace).Count();
                var statement = tree.GetRoot().FindToken(position).Parent?.AncestorsAndSelf()
                    .TakeWhile(n => n != member)
                    .OfType<StatementSyntax>().FirstOrDefault(s => s is not BlockSyntax);
                hits.Add(statement is null ? memberLines : Lines(statement));
            }
        }
        return hits.Count == 0 ? default : new LineSpan(hits.Min(h => h.First), hits.Max(h => h.Last));
    }

    private static bool IsCode(string line)
    {
        string t = line.Trim();
        return t.Length > 0 && !t.StartsWith("//", StringComparison.Ordinal) && t != "{" && t != "}" && t != "};" && t != ");";
    }

    private static IEnumerable<MemberDeclarationSyntax> Members(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
            .Where(m => m is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax);

    private static LineSpan Lines(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return new LineSpan(span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1);
    }

    private static string NameOf(MemberDeclarationSyntax member)
    {
        string type = member.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "?";
        string name = member switch
        {
            MethodDeclarationSyntax m => m.Identifier.Text,
            ConstructorDeclarationSyntax => "ctor",
            DestructorDeclarationSyntax => "dtor",
            OperatorDeclarationSyntax o => "op_" + o.OperatorToken.Text,
            ConversionOperatorDeclarationSyntax => "op_Implicit",
            PropertyDeclarationSyntax p => p.Identifier.Text,
            IndexerDeclarationSyntax => "this[]",
            EventDeclarationSyntax e => e.Identifier.Text,
            BaseFieldDeclarationSyntax f => f.Declaration.Variables.First().Identifier.Text,
            _ => "?",
        };
        return $"{type}.{name}";
    }
}
