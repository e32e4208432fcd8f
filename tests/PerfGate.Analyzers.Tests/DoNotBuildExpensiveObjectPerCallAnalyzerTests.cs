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
        private const string CompiledRegexWhat = "'new Regex(pattern, RegexOptions.Compiled)' with a pattern that is not a constant";
        private const string CompiledRegexWhy = "the pattern is parsed and compiled to IL (about a millisecond, and code that is never collected on "
            + ".NET Framework) for this one use; call the static Regex.IsMatch/Match/Replace(input, pattern, options), whose cache keeps recent patterns, "
            + "or keep one Regex per pattern";
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

        /// <summary>Options built per call of a helper and handed to JsonSerializer (bitwarden's CoreHelpers before its fix): CA1869's shape, which
        /// PG3001 reports while the build does not turn CA1869 on.</summary>
        [Test]
        public Task JsonOptionsForJsonSerializer_AreReportedWhenCa1869IsOff() => Verify.VerifyWebAsync(U + @"
public static class CoreHelpers
{
    public static T LoadClassFromJsonData<T>(string jsonData) where T : new()
    {
        if (string.IsNullOrWhiteSpace(jsonData)) return new T();
        var options = {|#0:new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        }|};
        return JsonSerializer.Deserialize<T>(jsonData, options)!;
    }

    public static string ClassToJsonData<T>(T data) =>
        JsonSerializer.Serialize(data, {|#1:new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }|});
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(JsonWhat, "'LoadClassFromJsonData'", JsonWhy),
            Verify.Diagnostic().WithLocation(1).WithArguments(JsonWhat, "'ClassToJsonData'", JsonWhy));

        /// <summary>A factory that builds fresh options on every call, called per serialization (jellyfin's JsonDefaults.GetOptions before its
        /// fix), also through a second factory that adjusts the first one's result.</summary>
        [Test]
        public Task JsonOptionsFactoryCalledPerSerialization_IsReported() => Verify.VerifyWebAsync(U + @"
public sealed class GuidConverter : System.Text.Json.Serialization.JsonConverter<Guid>
{
    public override Guid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetGuid();
    public override void Write(Utf8JsonWriter writer, Guid value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
public static class JsonDefaults
{
    public static JsonSerializerOptions GetOptions()
    {
        var options = {|#0:new JsonSerializerOptions
        {
            ReadCommentHandling = JsonCommentHandling.Disallow,
            WriteIndented = false
        }|};
        options.Converters.Add(new GuidConverter());
        return options;
    }

    public static JsonSerializerOptions GetCamelCaseOptions()
    {
        var options = GetOptions();
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        return options;
    }
}
public sealed class SessionStore
{
    private static readonly JsonSerializerOptions Kept = JsonDefaults.GetOptions();
    public string Save(object session) => JsonSerializer.Serialize(session, Kept);
    public T? Load<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonDefaults.GetCamelCaseOptions());
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'new JsonSerializerOptions(...)' returned by 'GetOptions'", "'Load'", JsonWhy));

        /// <summary>A pattern from a fixed rule table compiled to IL per file resolved (jellyfin's extras resolver before its fix).</summary>
        [Test]
        public Task CompiledRegexWithAVaryingPattern_IsReported() => Verify.VerifyWebAsync(U + @"
public sealed record ExtraRule(string Token, string ExtraType);
public sealed class ExtraResolver(IReadOnlyList<ExtraRule> rules)
{
    public string? GetExtraType(string path)
    {
        foreach (var rule in rules)
        {
            var regex = {|#0:new Regex(rule.Token, RegexOptions.IgnoreCase | RegexOptions.Compiled)|};
            if (regex.IsMatch(System.IO.Path.GetFileName(path))) return rule.ExtraType;
        }

        return null;
    }

    public bool Matches(string value, string pattern) => {|#1:new Regex(pattern, RegexOptions.Compiled)|}.IsMatch(value);
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(CompiledRegexWhat, "'GetExtraType'", CompiledRegexWhy),
            Verify.Diagnostic().WithLocation(1).WithArguments(CompiledRegexWhat, "'Matches'", CompiledRegexWhy));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task MemoizedFactoriesKeptRegexesAndCachedStaticCalls_AreNotReported() => Verify.VerifyWebAsync(U + @"
public static class JsonDefaults
{
    private static JsonSerializerOptions? _defaultOptions;

    public static JsonSerializerOptions GetOptions()
    {
        if (_defaultOptions == null)
        {
            var options = new JsonSerializerOptions { WriteIndented = false };
            options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            _defaultOptions = options;
            return _defaultOptions;
        }

        return _defaultOptions;
    }

    public static JsonSerializerOptions Build() => new JsonSerializerOptions(JsonSerializerDefaults.Web);
}
public sealed class Consumers
{
    private static readonly JsonSerializerOptions Web = JsonDefaults.Build();
    private readonly Regex _configured;
    public Consumers(string pattern) => _configured = new Regex(pattern, RegexOptions.Compiled);
    private Regex? _current;

    public string Save(object value) => JsonSerializer.Serialize(value, JsonDefaults.GetOptions()) + JsonSerializer.Serialize(value, Web);

    public bool Match(string name, string token)
    {
        bool cached = Regex.IsMatch(name, token, RegexOptions.IgnoreCase | RegexOptions.Compiled); // the runtime's regex cache
        bool interpreted = new Regex(token, RegexOptions.IgnoreCase).IsMatch(name);                  // parsed, not compiled
        _current = new Regex(token, RegexOptions.Compiled);                                          // kept for later calls
        return cached && interpreted && _configured.IsMatch(name) && _current.IsMatch(name);
    }
}");

        /// <summary>Options for JsonSerializer on rarely run paths: an admin-only action, an error path, a settings file write, a test.</summary>
        [Test]
        public Task JsonOptionsOnRarelyRunPaths_AreNotReported() => Verify.VerifyWebAsync(U + @"
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
namespace NUnit.Framework { public sealed class TestAttribute : Attribute { } }
public sealed record Settings(int Port);
public sealed class SettingsController : ControllerBase
{
    [HttpPost, Authorize(Roles = ""Host Users,Administrators"")]
    public string Export(Settings settings) => JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true });

    [HttpGet]
    public string Get()
    {
        try { return ""ok""; }
        catch (Exception ex) { return JsonSerializer.Serialize(new { ex.Message }, new JsonSerializerOptions { WriteIndented = true }); }
    }
}
public static class Configuration
{
    public static void SetPort(string path, int port) =>
        System.IO.File.WriteAllText(path, JsonSerializer.Serialize(new Settings(port), new JsonSerializerOptions { WriteIndented = true }));
}
public sealed class Marketplace(System.Net.Http.HttpClient http)
{
    public async Task<List<Settings>?> ListAsync(string url)
    {
        var response = await http.GetAsync(url);
        return await JsonSerializer.DeserializeAsync<List<Settings>>(await response.Content.ReadAsStreamAsync(),
            new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
}
public sealed class ConverterTests
{
    [NUnit.Framework.Test]
    public void Serializes() => JsonSerializer.Serialize(new Settings(1), new JsonSerializerOptions { WriteIndented = true });
}");

        /// <summary>With CA1869 on as a warning in the build (the policy's <c>CA1869: warning</c>), its shape is left to it.</summary>
        [Test]
        public Task JsonOptionsForJsonSerializer_AreLeftToCa1869WhenItIsOn()
        {
            var test = new Verify.Test(Verifiers.TestReferences.Web)
            {
                TestCode = U + @"
public static class CoreHelpers
{
    public static string ToJson(object data) =>
        JsonSerializer.Serialize(data, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
}",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ndotnet_diagnostic.CA1869.severity = warning\n"));
            return test.RunAsync(System.Threading.CancellationToken.None);
        }

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
        string json = JsonSerializer.Serialize(value, Web);
        string again = JsonSerializer.Serialize(value, Web);
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
