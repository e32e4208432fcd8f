using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The types rules and engines look up by metadata name, resolved at most once per compilation (a lookup searches
    /// every referenced assembly) and shared by all of them, as roslyn-analyzers' <c>WellKnownTypeProvider</c> does.
    /// Every type name the analyzers use is written here, once. A type the compilation does not reference is null.
    /// </summary>
    internal sealed class WellKnownTypes
    {
        private static readonly ConditionalWeakTable<Compilation, WellKnownTypes> s_instances = new ConditionalWeakTable<Compilation, WellKnownTypes>();

        private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _resolved =
            new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal);
        private readonly Func<string, INamedTypeSymbol?> _resolve;

        private WellKnownTypes(Compilation compilation) => _resolve = compilation.GetTypeByMetadataName;

        public static WellKnownTypes For(Compilation compilation) => s_instances.GetValue(compilation, c => new WellKnownTypes(c));

        /// <summary>Any type by metadata name (for names that come from the policy, like PG2004's <c>clientTypes</c>).</summary>
        public INamedTypeSymbol? Get(string metadataName) => _resolved.GetOrAdd(metadataName, _resolve);

        // System
        public INamedTypeSymbol? ActionOfT1T2 => Get("System.Action`2");
        public INamedTypeSymbol? Array => Get("System.Array");
        public INamedTypeSymbol? LazyOfT => Get("System.Lazy`1");
        public INamedTypeSymbol? Type => Get("System.Type");
        public INamedTypeSymbol? MemberInfo => Get("System.Reflection.MemberInfo");
        public INamedTypeSymbol? NotMappedAttribute => Get("System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute");
        public INamedTypeSymbol? Process => Get("System.Diagnostics.Process");
        public INamedTypeSymbol? Regex => Get("System.Text.RegularExpressions.Regex");
        public INamedTypeSymbol? XmlSerializer => Get("System.Xml.Serialization.XmlSerializer");
        public INamedTypeSymbol? JsonSerializer => Get("System.Text.Json.JsonSerializer");
        public INamedTypeSymbol? JsonSerializerOptions => Get("System.Text.Json.JsonSerializerOptions");

        // System.Collections
        public INamedTypeSymbol? IEnumerable => Get("System.Collections.IEnumerable");
        public INamedTypeSymbol? IEnumerableOfT => Get("System.Collections.Generic.IEnumerable`1");
        public INamedTypeSymbol? ListOfT => Get("System.Collections.Generic.List`1");
        public INamedTypeSymbol? DictionaryOfTKeyTValue => Get("System.Collections.Generic.Dictionary`2");
        public INamedTypeSymbol? ConcurrentDictionaryOfTKeyTValue => Get("System.Collections.Concurrent.ConcurrentDictionary`2");

        // System.Linq
        public INamedTypeSymbol? Enumerable => Get("System.Linq.Enumerable");
        public INamedTypeSymbol? AsyncEnumerable => Get("System.Linq.AsyncEnumerable");
        public INamedTypeSymbol? ParallelEnumerable => Get("System.Linq.ParallelEnumerable");
        public INamedTypeSymbol? IQueryable => Get("System.Linq.IQueryable");
        public INamedTypeSymbol? Queryable => Get("System.Linq.Queryable");
        public INamedTypeSymbol? LambdaExpression => Get("System.Linq.Expressions.LambdaExpression");

        // System.Threading
        public INamedTypeSymbol? Task => Get("System.Threading.Tasks.Task");
        public INamedTypeSymbol? TaskOfT => Get("System.Threading.Tasks.Task`1");
        public INamedTypeSymbol? ValueTask => Get("System.Threading.Tasks.ValueTask");
        public INamedTypeSymbol? ValueTaskOfT => Get("System.Threading.Tasks.ValueTask`1");
        public INamedTypeSymbol? Parallel => Get("System.Threading.Tasks.Parallel");
        public INamedTypeSymbol? Thread => Get("System.Threading.Thread");
        public INamedTypeSymbol? ThreadPool => Get("System.Threading.ThreadPool");
        public INamedTypeSymbol? TaskFactory => Get("System.Threading.Tasks.TaskFactory");
        public INamedTypeSymbol? ThreadingTimer => Get("System.Threading.Timer");
        public INamedTypeSymbol? TimersTimer => Get("System.Timers.Timer");
        public INamedTypeSymbol? PeriodicTimer => Get("System.Threading.PeriodicTimer");
        public INamedTypeSymbol? CancellationToken => Get("System.Threading.CancellationToken");
        public INamedTypeSymbol? CancellationTokenSource => Get("System.Threading.CancellationTokenSource");
        public INamedTypeSymbol? LazyInitializer => Get("System.Threading.LazyInitializer");

        // System.IO, System.Net, System.Data
        public INamedTypeSymbol? File => Get("System.IO.File");
        public INamedTypeSymbol? Directory => Get("System.IO.Directory");
        public INamedTypeSymbol? FileStream => Get("System.IO.FileStream");
        public INamedTypeSymbol? MemoryStream => Get("System.IO.MemoryStream");
        public INamedTypeSymbol? Stream => Get("System.IO.Stream");
        public INamedTypeSymbol? PipeReader => Get("System.IO.Pipelines.PipeReader");
        public INamedTypeSymbol? HttpClient => Get("System.Net.Http.HttpClient");
        public INamedTypeSymbol? HttpClientJsonExtensions => Get("System.Net.Http.Json.HttpClientJsonExtensions");
        public INamedTypeSymbol? HttpCompletionOption => Get("System.Net.Http.HttpCompletionOption");
        public INamedTypeSymbol? HttpContent => Get("System.Net.Http.HttpContent");
        public INamedTypeSymbol? MvcFileResult => Get("Microsoft.AspNetCore.Mvc.FileResult");
        public INamedTypeSymbol? WebClient => Get("System.Net.WebClient");
        public INamedTypeSymbol? DbCommand => Get("System.Data.Common.DbCommand");
        public INamedTypeSymbol? IDbCommand => Get("System.Data.IDbCommand");

        // EF Core
        public INamedTypeSymbol? DbContext => Get("Microsoft.EntityFrameworkCore.DbContext");
        public INamedTypeSymbol? DbSetOfT => Get("Microsoft.EntityFrameworkCore.DbSet`1");
        public INamedTypeSymbol? NavigationEntry => Get("Microsoft.EntityFrameworkCore.ChangeTracking.NavigationEntry");
        public INamedTypeSymbol? EntityFrameworkQueryableExtensions => Get("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        public INamedTypeSymbol? RelationalQueryableExtensions => Get("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        public INamedTypeSymbol? RelationalDatabaseFacadeExtensions => Get("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
        public INamedTypeSymbol? ILazyLoader => Get("Microsoft.EntityFrameworkCore.Infrastructure.ILazyLoader");
        public INamedTypeSymbol? Migration => Get("Microsoft.EntityFrameworkCore.Migrations.Migration");
        public INamedTypeSymbol? ModelSnapshot => Get("Microsoft.EntityFrameworkCore.Infrastructure.ModelSnapshot");

        // Dapper
        public INamedTypeSymbol? SqlMapper => Get("Dapper.SqlMapper");

        // ASP.NET Core
        public INamedTypeSymbol? WebApplication => Get("Microsoft.AspNetCore.Builder.WebApplication");
        public INamedTypeSymbol? WebApplicationBuilder => Get("Microsoft.AspNetCore.Builder.WebApplicationBuilder");
        public INamedTypeSymbol? IApplicationBuilder => Get("Microsoft.AspNetCore.Builder.IApplicationBuilder");
        public INamedTypeSymbol? EndpointRouteBuilderExtensions => Get("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        public INamedTypeSymbol? HttpRequest => Get("Microsoft.AspNetCore.Http.HttpRequest");
        public INamedTypeSymbol? IFormFile => Get("Microsoft.AspNetCore.Http.IFormFile");
        public INamedTypeSymbol? IFormFileCollection => Get("Microsoft.AspNetCore.Http.IFormFileCollection");
        public INamedTypeSymbol? IResult => Get("Microsoft.AspNetCore.Http.IResult");
        public INamedTypeSymbol? Results => Get("Microsoft.AspNetCore.Http.Results");
        public INamedTypeSymbol? TypedResults => Get("Microsoft.AspNetCore.Http.TypedResults");
        public INamedTypeSymbol? ControllerBase => Get("Microsoft.AspNetCore.Mvc.ControllerBase");
        public INamedTypeSymbol? ControllerAttribute => Get("Microsoft.AspNetCore.Mvc.ControllerAttribute");
        public INamedTypeSymbol? NonActionAttribute => Get("Microsoft.AspNetCore.Mvc.NonActionAttribute");
        public INamedTypeSymbol? RequestSizeLimitAttribute => Get("Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute");
        public INamedTypeSymbol? DisableRequestSizeLimitAttribute => Get("Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute");
        public INamedTypeSymbol? PageModel => Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        public INamedTypeSymbol? Hub => Get("Microsoft.AspNetCore.SignalR.Hub");
        public INamedTypeSymbol? ComponentBase => Get("Microsoft.AspNetCore.Components.ComponentBase");
        public INamedTypeSymbol? EnableRateLimitingAttribute => Get("Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute");
        public INamedTypeSymbol? DisableRateLimitingAttribute => Get("Microsoft.AspNetCore.RateLimiting.DisableRateLimitingAttribute");
        public INamedTypeSymbol? WebAssemblyHostBuilder => Get("Microsoft.AspNetCore.Components.WebAssembly.Hosting.WebAssemblyHostBuilder");
        public INamedTypeSymbol? BindServiceMethodAttribute => Get("Grpc.Core.BindServiceMethodAttribute");
        public INamedTypeSymbol? HttpContext => Get("Microsoft.AspNetCore.Http.HttpContext");
        public INamedTypeSymbol? ViewComponent => Get("Microsoft.AspNetCore.Mvc.ViewComponent");
        public INamedTypeSymbol? TagHelper => Get("Microsoft.AspNetCore.Razor.TagHelpers.TagHelper");
        public INamedTypeSymbol? AllowAnonymousAttribute => Get("Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute");
        public INamedTypeSymbol? AuthorizeData => Get("Microsoft.AspNetCore.Authorization.IAuthorizeData");

        // Microsoft.Extensions
        public INamedTypeSymbol? IServiceCollection => Get("Microsoft.Extensions.DependencyInjection.IServiceCollection");
        public INamedTypeSymbol? IHttpClientBuilder => Get("Microsoft.Extensions.DependencyInjection.IHttpClientBuilder");
        public INamedTypeSymbol? IHostApplicationBuilder => Get("Microsoft.Extensions.Hosting.IHostApplicationBuilder");
        public INamedTypeSymbol? BackgroundService => Get("Microsoft.Extensions.Hosting.BackgroundService");
        public INamedTypeSymbol? IHostedService => Get("Microsoft.Extensions.Hosting.IHostedService");
        public INamedTypeSymbol? IConfiguration => Get("Microsoft.Extensions.Configuration.IConfiguration");
        public INamedTypeSymbol? ConfigurationBinder => Get("Microsoft.Extensions.Configuration.ConfigurationBinder");
        public INamedTypeSymbol? ConfigurationExtensions => Get("Microsoft.Extensions.Configuration.ConfigurationExtensions");
        public INamedTypeSymbol? IOptionsOfT => Get("Microsoft.Extensions.Options.IOptions`1");
        public INamedTypeSymbol? IOptionsMonitorOfT => Get("Microsoft.Extensions.Options.IOptionsMonitor`1");
        public INamedTypeSymbol? IOptionsSnapshotOfT => Get("Microsoft.Extensions.Options.IOptionsSnapshot`1");
        public INamedTypeSymbol? MemoryCacheExtensions => Get("Microsoft.Extensions.Caching.Memory.CacheExtensions");
        public INamedTypeSymbol? MemoryCacheEntryOptions => Get("Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions");
        public INamedTypeSymbol? IDistributedCache => Get("Microsoft.Extensions.Caching.Distributed.IDistributedCache");
        public INamedTypeSymbol? DistributedCacheExtensions => Get("Microsoft.Extensions.Caching.Distributed.DistributedCacheExtensions");
        public INamedTypeSymbol? DistributedCacheEntryOptions => Get("Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions");
        public INamedTypeSymbol? HybridCache => Get("Microsoft.Extensions.Caching.Hybrid.HybridCache");

        // StackExchange.Redis
        public INamedTypeSymbol? ConnectionMultiplexer => Get("StackExchange.Redis.ConnectionMultiplexer");
        public INamedTypeSymbol? RedisDatabase => Get("StackExchange.Redis.IDatabase");
        public INamedTypeSymbol? RedisDatabaseAsync => Get("StackExchange.Redis.IDatabaseAsync");
        public INamedTypeSymbol? RedisBatch => Get("StackExchange.Redis.IBatch");
        public INamedTypeSymbol? RedisKey => Get("StackExchange.Redis.RedisKey");
        public INamedTypeSymbol? RedisCommandFlags => Get("StackExchange.Redis.CommandFlags");

        // Jobs and messaging: entry points of the hotness model
        public INamedTypeSymbol? QuartzJob => Get("Quartz.IJob");
        public INamedTypeSymbol? MassTransitConsumer => Get("MassTransit.IConsumer`1");
        public INamedTypeSymbol? NServiceBusHandler => Get("NServiceBus.IHandleMessages`1");
        public INamedTypeSymbol? RebusHandler => Get("Rebus.Handlers.IHandleMessages`1");
        public INamedTypeSymbol? ServiceBusProcessor => Get("Azure.Messaging.ServiceBus.ServiceBusProcessor");

        // Stripe
        public INamedTypeSymbol? StripeRequestOptions => Get("Stripe.RequestOptions");

        // Connections and contexts created per call (PG2003's overlap proof)
        public INamedTypeSymbol? DbConnection => Get("System.Data.Common.DbConnection");
        public INamedTypeSymbol? IDbConnection => Get("System.Data.IDbConnection");
        public INamedTypeSymbol? DbDataSource => Get("System.Data.Common.DbDataSource");
        public INamedTypeSymbol? DbContextFactoryOfT => Get("Microsoft.EntityFrameworkCore.IDbContextFactory`1");
        public INamedTypeSymbol? IServiceScope => Get("Microsoft.Extensions.DependencyInjection.IServiceScope");
        public INamedTypeSymbol? AsyncServiceScope => Get("Microsoft.Extensions.DependencyInjection.AsyncServiceScope");
        public INamedTypeSymbol? TransactionScope => Get("System.Transactions.TransactionScope");
        public INamedTypeSymbol? IdentityUserManagerOfT => Get("Microsoft.AspNetCore.Identity.UserManager`1");
        public INamedTypeSymbol? IdentityRoleManagerOfT => Get("Microsoft.AspNetCore.Identity.RoleManager`1");
        public INamedTypeSymbol? IdentitySignInManagerOfT => Get("Microsoft.AspNetCore.Identity.SignInManager`1");

        // Authentication callbacks that run on every authenticated request (PG3003)
        public INamedTypeSymbol? JwtBearerEvents => Get("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerEvents");
        public INamedTypeSymbol? CookieAuthenticationEvents => Get("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationEvents");
        public INamedTypeSymbol? IClaimsTransformation => Get("Microsoft.AspNetCore.Authentication.IClaimsTransformation");
    }
}
