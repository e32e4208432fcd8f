using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// The text test the whole-compilation scans ask before walking a file's syntax: it may say "maybe" too often, never "no"
    /// for a file that names the identifier (a "no" skips the file, and a finding or a guard in it would be lost).
    /// </summary>
    public sealed class TreeTextTests
    {
        private static SyntaxTree Parse(string code) => CSharpSyntaxTree.ParseText(code);

        [Test]
        public void AWholeWordIsNamed_APartOfALongerIdentifierIsNot()
        {
            SyntaxTree tree = Parse("class C { void M(Options o) { o.SizeLimitBytes = 1; o.MaxSizeLimit = 2; } }");
            Assert.That(TreeText.MayName(tree, "SizeLimit"), Is.False);
            Assert.That(TreeText.MayName(tree, "SizeLimitBytes"), Is.True);
            Assert.That(TreeText.MayName(Parse("class C { void M(Options o) { o.SizeLimit = 1; } }"), "SizeLimit"), Is.True);
            Assert.That(TreeText.MayName(Parse("class C { int @SizeLimit; }"), "SizeLimit"), Is.True);
        }

        [Test]
        public void AFileThatMaySpellANameOtherwiseIsAlwaysAMaybe()
        {
            // \u0053izeLimit is the identifier SizeLimit; a soft hyphen (a formatting character) inside one is ignored by the compiler.
            SyntaxTree escaped = Parse("class C { void M(Options o) { o.\\u0053izeLimit = 1; } }");
            SyntaxTree formatted = Parse("class C { void M(Options o) { o.Size\u00adLimit = 1; } }");
            Assert.That(TreeText.IsOpaque(escaped) && TreeText.IsOpaque(formatted), Is.True);
            Assert.That(TreeText.MayName(escaped, "SizeLimit"), Is.True);
            Assert.That(TreeText.MayNameAny(formatted, new[] { "Remove", "SizeLimit" }), Is.True);
            Assert.That(TreeText.MayNameAny(Parse("class C { void M() { } }"), new[] { "Remove", "SizeLimit" }), Is.False);
        }

        [Test]
        public void ASpanIsSearchedOnlyWithinItsBounds()
        {
            const string code = "class C { void A(System.Collections.Generic.List<int> xs) { xs.ToList(); } void B() { Log(); } void Log() { } }";
            SyntaxTree tree = Parse(code);
            int a = code.IndexOf("void A", System.StringComparison.Ordinal), b = code.IndexOf("void B", System.StringComparison.Ordinal);
            string[] materializers = { "ToList", "First" };
            Assert.That(TreeText.MayNameAnyIn(tree, TextSpan.FromBounds(a, b), materializers), Is.True);
            Assert.That(TreeText.MayNameAnyIn(tree, TextSpan.FromBounds(b, code.Length), materializers), Is.False);
            // The span's bounds count as word bounds (a "maybe" where a word is cut); inside the span, "ToLi" followed by 's' is not "ToLi".
            int toList = code.IndexOf("ToList", System.StringComparison.Ordinal);
            Assert.That(TreeText.MayNameAnyIn(tree, TextSpan.FromBounds(toList, toList + 6), materializers), Is.True);
            Assert.That(TreeText.MayNameAnyIn(tree, TextSpan.FromBounds(toList, toList + 4), new[] { "ToLi" }), Is.True);
            Assert.That(TreeText.MayNameAnyIn(tree, TextSpan.FromBounds(toList, toList + 5), new[] { "ToLi" }), Is.False);
        }
    }
}
