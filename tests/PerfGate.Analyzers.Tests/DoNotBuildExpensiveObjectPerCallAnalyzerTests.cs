using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotBuildExpensiveObjectPerCallAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotBuildExpensiveObjectPerCallAnalyzerTests
    {
        /// <summary>What PG3001's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG3001", ExampleScaffolds.Sdk + @"using System.Text.Json;
using System.Text.RegularExpressions;

public sealed record Rate(decimal Value);

public sealed partial class Orders
{
    private readonly HttpClient _http;

    public Orders(HttpClient http) => _http = http;

" + ExampleScaffolds.Marker + @"
}
", fixedOnly: @"using System.Text.RegularExpressions;

public sealed partial class Orders
{
    // What [GeneratedRegex] generates (no source generator runs in this test).
    private static readonly Regex Generated = new Regex(""^[A-Z]{3}-\\d+$"");

    private static partial Regex OrderId() => Generated;
}
");

        private const string U = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Serialization;
";

        private const string RegexWhat = "'new Regex(...)' with a constant pattern";
        private const string RegexWhy =
            "the pattern is parsed (and with RegexOptions.Compiled, compiled to IL) every time; use a static readonly Regex or [GeneratedRegex]";
        private const string XmlWhat = "'new XmlSerializer(...)' with extra types, overrides or a root";
        private const string XmlWhy = "this constructor generates and loads a new serialization assembly each time, which is never unloaded (a memory leak); "
            + "keep one static instance per configuration";
        private const string JsonWhat = "'new JsonSerializerOptions(...)'";
        private const string JsonWhy =
            "each instance rebuilds the reflection metadata of every type it serializes; keep one static readonly instance (or the one configured in DI)";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task ConstantRegexInMethodsLambdasAndAccessors_IsReported() => Verify.VerifyWebAsync(U + @"
public sealed class Validator
{
    public bool IsOrderId(string value) => {|#0:new Regex(""^[A-Z]{3}-\\d+$"")|}.IsMatch(value);

    public bool IsSku(string value)
    {
        var regex = {|#1:new Regex(""^SKU-[0-9]+$"", RegexOptions.Compiled | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1))|};
        return regex.IsMatch(value);
    }

    public Regex Email => {|#2:new Regex(""@"")|};

    public List<string> Clean(List<string> names) => names.Select(n => {|#3:new Regex(""\\s+"")|}.Replace(n, "" "")).ToList();
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(RegexWhat, "'IsOrderId'", RegexWhy),
            Verify.Diagnostic().WithLocation(1).WithArguments(RegexWhat, "'IsSku'", RegexWhy),
            Verify.Diagnostic().WithLocation(2).WithArguments(RegexWhat, "'Email'", RegexWhy),
            Verify.Diagnostic().WithLocation(3).WithArguments(RegexWhat, "'Clean'", RegexWhy));

        [Test]
        public Task LeakingXmlSerializerConstructors_AreReported() => Verify.VerifyWebAsync(U + @"
public class Order { }
public class Line { }
public sealed class Exporter
{
    public XmlSerializer WithExtraTypes() => {|#0:new XmlSerializer(typeof(Order), new[] { typeof(Line) })|};
    public XmlSerializer WithRoot() => {|#1:new XmlSerializer(typeof(Order), new XmlRootAttribute(""order""))|};
    public XmlSerializer WithOverrides(XmlAttributeOverrides overrides) => {|#2:new XmlSerializer(typeof(Order), overrides)|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(XmlWhat, "'WithExtraTypes'", XmlWhy),
            Verify.Diagnostic().WithLocation(1).WithArguments(XmlWhat, "'WithRoot'", XmlWhy),
            Verify.Diagnostic().WithLocation(2).WithArguments(XmlWhat, "'WithOverrides'", XmlWhy));

        [Test]
        public Task JsonOptionsHandedToHttpJsonApis_AreReported() => Verify.VerifyWebAsync(U + @"
public record Rate(string Code, decimal Value);
public sealed class RatesClient
{
    private readonly HttpClient _http;
    public RatesClient(HttpClient http) => _http = http;

    public Task<Rate?> GetAsync(string code) =>
        _http.GetFromJsonAsync<Rate>(""rates/"" + code, {|#0:new JsonSerializerOptions(JsonSerializerDefaults.Web)|});

    public async Task PostAsync(Rate rate)
    {
        var options = {|#1:new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }|};
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        await _http.PostAsJsonAsync(""rates"", rate, options);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(JsonWhat, "'GetAsync'", JsonWhy),
            Verify.Diagnostic().WithLocation(1).WithArguments(JsonWhat, "'PostAsync'", JsonWhy));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task BuiltOnceOrNotHoistable_IsNotReported() => Verify.VerifyWebAsync(U + @"
public class Order { }
public sealed class Validator
{
    private static readonly Regex OrderId = new Regex(""^[A-Z]{3}-\\d+$"", RegexOptions.Compiled);
    private static readonly XmlSerializer Extra = new XmlSerializer(typeof(Order), new[] { typeof(string) });
    private static readonly JsonSerializerOptions Web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
    private static Regex? s_lazy;
    private readonly Regex _perInstance = new Regex(""a+"");
    private readonly Regex _fromCtor;
    private static readonly Lazy<Regex> Lazy = new Lazy<Regex>(() => new Regex(""b+""));

    public Validator() => _fromCtor = new Regex(""c+"");

    public bool Check(string value, string userPattern, HttpClient http)
    {
        s_lazy ??= new Regex(""d+"");
        bool dynamicPattern = new Regex(userPattern).IsMatch(value);               // per-call pattern: cannot hoist as is
        bool cachedStatic = Regex.IsMatch(value, ""^e$"");                           // the runtime's regex cache
        var plain = new XmlSerializer(typeof(Order));                               // cached by the runtime
        var withNamespace = new XmlSerializer(typeof(Order), ""urn:orders"");       // cached by the runtime
        string json = JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true }); // CA1869's
        var local = new JsonSerializerOptions();
        string again = JsonSerializer.Serialize(value, local);                      // CA1869's
        var indented = new JsonSerializerOptions { WriteIndented = value.Length > 3 }; // depends on the call
        _ = http.PostAsJsonAsync(""x"", value, indented);
        System.Linq.Expressions.Expression<Func<string, bool>> tree = s => new Regex(""f"").IsMatch(s);
        return dynamicPattern && cachedStatic && json.Length > 0 && again.Length > 0;
    }

    public JsonSerializerOptions Factory()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);          // configured and returned
        return options;
    }
}");
    }
}
