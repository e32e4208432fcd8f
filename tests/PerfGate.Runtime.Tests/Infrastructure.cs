using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NUnit.Framework;
using OrderService.Data;

namespace PerfGate.Runtime.Tests;

/// <summary>A temp folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() =>
        Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "perfgate-runtime-" + Guid.NewGuid().ToString("N")));

    public string Path { get; }

    public string Write(string relative, string text)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Which database the sample runs on.</summary>
public enum Database { Sqlite, PostgreSql }

/// <summary>
/// samples/OrderService in process, on SQLite (a file in a temp folder) or on a throwaway database of a real PostgreSQL
/// server, with its rates and shipping APIs pointed at a real local Kestrel server.
/// </summary>
internal sealed class ShopFactory(Database database, string connectionString, string externalApi) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("RatesApi:BaseUrl", externalApi);
        builder.UseSetting("ShippingApi:BaseUrl", externalApi);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            // Replace the sample's UseSqlite registration (options and EF's options-configuration entries) with ours.
            foreach (ServiceDescriptor descriptor in services.Where(d => d.ServiceType.IsGenericType
                         && d.ServiceType.GenericTypeArguments.Contains(typeof(ShopDbContext))
                         && d.ServiceType.Name.Contains("Options", StringComparison.Ordinal)).ToList())
                services.Remove(descriptor);
            services.AddDbContext<ShopDbContext>(options =>
            {
                if (database == Database.PostgreSql) options.UseNpgsql(connectionString);
                else options.UseSqlite(connectionString);
            });
        });
    }
}

/// <summary>The connection string of the PostgreSQL server the tests may use, from PERFGATE_TEST_POSTGRES.</summary>
internal static class PostgresServer
{
    public const string Variable = "PERFGATE_TEST_POSTGRES";

    /// <summary>Creates a throwaway database and returns its connection string; ignores the test when no server is configured locally, fails in CI.</summary>
    public static async Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync()
    {
        string? server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(server))
        {
            RequiredService.Missing($"a PostgreSQL server ({Variable})", $"set {Variable} (e.g. Host=127.0.0.1;Port=5432;Username=postgres)");
        }
        string name = "perfgate_" + Guid.NewGuid().ToString("N").Substring(0, 12);
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
        return (builder.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}

/// <summary>The OrderService sample's external APIs: exchange rates and shipping quotes, on a real local Kestrel server.</summary>
internal static class ShopApis
{
    public static Task<LocalApi> StartAsync() => LocalApi.StartAsync(app =>
    {
        app.MapGet("/latest", () => Results.Json(new { rates = new Dictionary<string, decimal> { ["EUR"] = 0.92m } }));
        app.MapPost("/quotes", () => Results.Json(new { carrier = "Parcel", price = 4.5m, estimatedDays = 2 }));
        app.MapGet("/items/{id:int}", (int id) => Results.Json(new { id, name = "item " + id }));
        app.MapGet("/catalog", () => Results.Text(new string('x', 600 * 1024), "application/json"));
    });
}
