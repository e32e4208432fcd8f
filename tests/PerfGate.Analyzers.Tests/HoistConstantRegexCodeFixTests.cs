using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PerfGate.CodeFixes;
using Verify = PerfGate.Analyzers.Tests.ShopCodeFixTest<
    PerfGate.Analyzers.DoNotBuildExpensiveObjectPerCallAnalyzer, PerfGate.CodeFixes.HoistConstantRegexCodeFixProvider>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class HoistConstantRegexCodeFixTests
    {
        private const string U = @"using System;
using System.Text.RegularExpressions;
";

        private const string What = "'new Regex(...)' with a constant pattern";
        private const string Why =
            "the pattern is parsed (and with RegexOptions.Compiled, compiled to IL) every time; use a static readonly Regex or [GeneratedRegex]";

        [Test]
        public Task ConstantRegex_BecomesAStaticReadonlyFieldNamedAfterItsMember() => Verify.VerifyAsync(U + @"
public sealed class SlugService
{
    private readonly string _separator = ""-"";

    public string Slugify(string title) => {|#0:new Regex(""[^a-z0-9]+"", RegexOptions.IgnoreCase)|}.Replace(title.ToLowerInvariant(), _separator);
}", U + @"
public sealed class SlugService
{
    private static readonly Regex SlugifyRegex = new Regex(""[^a-z0-9]+"", RegexOptions.IgnoreCase);

    private readonly string _separator = ""-"";

    public string Slugify(string title) => SlugifyRegex.Replace(title.ToLowerInvariant(), _separator);
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(What, "'Slugify'", Why));

        [Test]
        public Task TakenName_GetsANumber() => Verify.VerifyAsync(U + @"
public sealed class Validator
{
    public static int IsSkuRegex => 0;

    public bool IsSku(string value) => {|#0:new Regex(""^SKU-[0-9]+$"")|}.IsMatch(value);
}", U + @"
public sealed class Validator
{
    private static readonly Regex IsSkuRegex2 = new Regex(""^SKU-[0-9]+$"");

    public static int IsSkuRegex => 0;

    public bool IsSku(string value) => IsSkuRegex2.IsMatch(value);
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(What, "'IsSku'", Why));

        [Test]
        public Task SamePatternAtSeveralCallSites_SharesOneField() => Verify.VerifyAsync(U + @"
public sealed class PostFormatter
{
    public string Excerpt(string html) => {|#0:new Regex(""<p[^>]*>.*?</p>"", RegexOptions.IgnoreCase)|}.Match(html).Value;

    public string FirstParagraph(string html) => {|#1:new Regex(""<p[^>]*>.*?</p>"", RegexOptions.IgnoreCase)|}.Match(html).Value;

    public bool HasParagraph(string html) => {|#2:new Regex(""<p[^>]*>.*?</p>"", options: RegexOptions.IgnoreCase)|}.IsMatch(html);

    public bool HasCaseSensitiveParagraph(string html) => {|#3:new Regex(""<p[^>]*>.*?</p>"")|}.IsMatch(html);
}", U + @"
public sealed class PostFormatter
{
    private static readonly Regex HasCaseSensitiveParagraphRegex = new Regex(""<p[^>]*>.*?</p>"");

    private static readonly Regex ExcerptRegex = new Regex(""<p[^>]*>.*?</p>"", RegexOptions.IgnoreCase);

    public string Excerpt(string html) => ExcerptRegex.Match(html).Value;

    public string FirstParagraph(string html) => ExcerptRegex.Match(html).Value;

    public bool HasParagraph(string html) => ExcerptRegex.IsMatch(html);

    public bool HasCaseSensitiveParagraph(string html) => HasCaseSensitiveParagraphRegex.IsMatch(html);
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(What, "'Excerpt'", Why),
            Verify.Diagnostic().WithLocation(1).WithArguments(What, "'FirstParagraph'", Why),
            Verify.Diagnostic().WithLocation(2).WithArguments(What, "'HasParagraph'", Why),
            Verify.Diagnostic().WithLocation(3).WithArguments(What, "'HasCaseSensitiveParagraph'", Why));

        [Test]
        public Task WithTheRegexGenerator_BecomesAGeneratedRegexOnAPartialType()
        {
            var test = WithRegexGenerator(U + @"
namespace Blog
{
    public sealed class Outer
    {
        public sealed class SlugService
        {
            public string Slugify(string title) => {|#0:new Regex(""[^a-z0-9]+"", RegexOptions.IgnoreCase)|}.Replace(title, ""-"");

            public bool IsSlug(string text) => !{|#1:new Regex(""[^a-z0-9]+"", RegexOptions.IgnoreCase)|}.IsMatch(text);
        }
    }
}", U + @"
namespace Blog
{
    public sealed partial class Outer
    {
        public sealed partial class SlugService
        {
            [GeneratedRegex(""[^a-z0-9]+"", RegexOptions.IgnoreCase)]
            private static partial Regex SlugifyRegex();

            public string Slugify(string title) => SlugifyRegex().Replace(title, ""-"");

            public bool IsSlug(string text) => !SlugifyRegex().IsMatch(text);
        }
    }
}");
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments(What, "'Slugify'", Why));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments(What, "'IsSlug'", Why));
            return test.RunAsync(CancellationToken.None);
        }

        [Test]
        public Task WithTheRegexGeneratorButCSharp10_StaysAStaticField()
        {
            const string Source = U + @"
public sealed class SlugService
{
    public string Slugify(string title) => {|#0:new Regex(""[^a-z0-9]+"")|}.Replace(title, ""-"");
}";
            var test = WithRegexGenerator(Source, U + @"
public sealed class SlugService
{
    private static readonly Regex SlugifyRegex = new Regex(""[^a-z0-9]+"");

    public string Slugify(string title) => SlugifyRegex.Replace(title, ""-"");
}");
            test.SolutionTransforms.Add((solution, project) =>
                solution.WithProjectParseOptions(project, new CSharpParseOptions(LanguageVersion.CSharp10)));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments(What, "'Slugify'", Why));
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>The SDK's regex source generator, as the IDE, <c>perfgate fix</c> and <c>dotnet format</c> load it for a .NET 7+ project.</summary>
        private static ShopCodeFixTest<DoNotBuildExpensiveObjectPerCallAnalyzer, HoistConstantRegexCodeFixProvider> WithRegexGenerator(string source,
            string fixedSource)
        {
            string packs = Path.GetFullPath(Path.Combine(Verifiers.TestReferences.AspNetCoreReferenceDirectory(), "..", "..", "..", "..",
                "Microsoft.NETCore.App.Ref"));
            string generator = Directory.EnumerateFiles(packs, "System.Text.RegularExpressions.Generator.dll", SearchOption.AllDirectories)
                .Where(path => path.Replace('\\', '/').Contains("/analyzers/dotnet/cs/"))
                .OrderBy(path => path, StringComparer.Ordinal).Last();
            var test = new ShopCodeFixTest<DoNotBuildExpensiveObjectPerCallAnalyzer, HoistConstantRegexCodeFixProvider>(source, fixedSource);
            test.SolutionTransforms.Add((solution, project) => solution.AddAnalyzerReference(project, new AnalyzerFileReference(generator, new Loader())));
            return test;
        }

        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
        }

        [Test]
        public Task NonConstantArgument_GetsNoFix()
        {
            // TimeSpan.FromSeconds(1) is not a compile-time constant: hoisting it is safe here, but not provably so in general.
            string code = U + @"
public sealed class Validator
{
    public bool IsSku(string value) => {|#0:new Regex(""^SKU-[0-9]+$"", RegexOptions.None, TimeSpan.FromSeconds(1))|}.IsMatch(value);
}";
            var test = new ShopCodeFixTest<DoNotBuildExpensiveObjectPerCallAnalyzer, HoistConstantRegexCodeFixProvider>(code, code);
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments(What, "'IsSku'", Why));
            test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
            return test.RunAsync(CancellationToken.None);
        }
    }
}
