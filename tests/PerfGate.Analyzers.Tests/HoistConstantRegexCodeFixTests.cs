using System.Threading;
using System.Threading.Tasks;
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
