using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseResponseCompressionForJsonApiAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseResponseCompressionForJsonApiAnalyzerTests
    {
        /// <summary>What PG4004's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG4004", ExampleScaffolds.Web + @"
public static class Program
{
    public static void Main(string[] args)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = @"using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

public sealed record Product(int Id, string Name);
";

        [Test]
        public Task ControllersWithoutCompression_AreReportedOnceAtBuild() => Verify.VerifyWebAsync(U + @"
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        var app = {|#0:builder.Build()|};
        app.MapControllers();
        app.Run();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("controllers"));

        [Test]
        public Task MinimalApisReturningObjects_AreReported() => Verify.VerifyWebAsync(U + @"
public static class Program
{
    public static void Main(string[] args)
    {
        var app = {|#0:WebApplication.CreateBuilder(args).Build()|};
        app.MapGet(""/products/{id}"", (int id) => Results.Ok(new Product(id, ""x"")));
        app.MapGet(""/health"", () => ""ok"");
        app.Run();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("minimal API handlers returning objects"));

        [Test]
        public Task StartupClassWithTypedResults_IsReportedAtConfigure() => Verify.VerifyWebAsync(U + @"
public sealed class Startup
{
    public void {|#0:Configure|}(IApplicationBuilder app) =>
        app.UseEndpoints(endpoints => endpoints.MapGet(""/p"", () => TypedResults.Ok(new Product(1, ""x""))));
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("minimal API handlers returning objects"));

        [Test]
        public Task CompressionOrNoJson_IsNotReported() => Verify.VerifyWebAsync(new[]
        {
            U + @"
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddResponseCompression(o => o.EnableForHttps = true);
        var app = builder.Build();
        app.UseResponseCompression();
        app.MapControllers();
        app.Run();
    }
}",
        });

        [Test]
        public Task AppsWithoutJsonEndpointsOrWithoutStartup_AreNotReported() => Verify.VerifyWebAsync(U + @"
public static class Program
{
    public static void Main(string[] args)
    {
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet(""/health"", () => ""ok"");
        app.MapGet(""/ping"", () => Results.NoContent());
        app.Run();
    }
}
");
    }
}
