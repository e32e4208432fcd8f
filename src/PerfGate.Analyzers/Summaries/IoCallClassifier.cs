using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Recognises the library calls that perform I/O themselves (the leaves of every I/O summary):
    /// EF Core execution and SaveChanges, Dapper, ADO.NET commands, ASP.NET Core Identity's store reads, HttpClient, Redis,
    /// IDistributedCache/HybridCache, System.IO files. Types are resolved once per compilation;
    /// a library the compilation does not reference simply never matches.
    /// </summary>
    internal sealed class IoCallClassifier
    {
        private static readonly HashSet<string> HttpClientMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "Send", "SendAsync", "GetAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync",
            "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync",
        };

        private static readonly HashSet<string> CommandMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "ExecuteReader", "ExecuteReaderAsync", "ExecuteNonQuery", "ExecuteNonQueryAsync",
            "ExecuteScalar", "ExecuteScalarAsync",
        };

        /// <summary>
        /// <c>UserManager&lt;T&gt;</c>/<c>RoleManager&lt;T&gt;</c> reads that query their store (a database in the EF stores). Getters that read
        /// the user object in hand (<c>GetEmailAsync(user)</c>, <c>HasPasswordAsync</c>) and writes are left out: a write per item is usually
        /// a seeded constant set, and the reads are the N+1 real fixes removed (roles per listed user).
        /// </summary>
        private static readonly HashSet<string> IdentityStoreReads = new HashSet<string>(StringComparer.Ordinal)
        {
            "FindByIdAsync", "FindByNameAsync", "FindByEmailAsync", "FindByLoginAsync", "GetRolesAsync", "IsInRoleAsync", "GetClaimsAsync",
            "GetLoginsAsync", "GetUsersInRoleAsync", "GetUsersForClaimAsync", "GetAuthenticationTokenAsync", "RoleExistsAsync",
        };

        private static readonly HashSet<string> RedisNonIo = new HashSet<string>(StringComparer.Ordinal)
        {
            "CreateBatch", "CreateTransaction", "Wait", "WaitAll", "WaitAny", "IsConnected", "get_Database",
            "get_Multiplexer", "TryWait",
        };

        private readonly EfQueryProvenance? _ef;
        private readonly INamedTypeSymbol? _efQueryableExtensions;
        private readonly INamedTypeSymbol? _relationalDatabaseFacadeExtensions;
        private readonly INamedTypeSymbol? _httpClient;
        private readonly INamedTypeSymbol? _httpJsonExtensions;
        private readonly INamedTypeSymbol? _dbCommand;
        private readonly INamedTypeSymbol? _idbCommand;
        private readonly INamedTypeSymbol? _dapper;
        private readonly INamedTypeSymbol? _redisDatabase;
        private readonly INamedTypeSymbol? _redisDatabaseAsync;
        private readonly INamedTypeSymbol? _distributedCache;
        private readonly INamedTypeSymbol? _distributedCacheExtensions;
        private readonly INamedTypeSymbol? _hybridCache;
        private readonly INamedTypeSymbol? _userManager;
        private readonly INamedTypeSymbol? _roleManager;
        private readonly INamedTypeSymbol? _file;
        private readonly INamedTypeSymbol? _directory;
        private readonly INamedTypeSymbol? _fileStream;

        public IoCallClassifier(Compilation compilation)
        {
            _ef = EfQueryProvenance.For(compilation);
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _efQueryableExtensions = types.EntityFrameworkQueryableExtensions;
            _relationalDatabaseFacadeExtensions = types.RelationalDatabaseFacadeExtensions;
            _httpClient = types.HttpClient;
            _httpJsonExtensions = types.HttpClientJsonExtensions;
            _dbCommand = types.DbCommand;
            _idbCommand = types.IDbCommand;
            _dapper = types.SqlMapper;
            _redisDatabase = types.RedisDatabase;
            _redisDatabaseAsync = types.RedisDatabaseAsync;
            _distributedCache = types.IDistributedCache;
            _distributedCacheExtensions = types.DistributedCacheExtensions;
            _hybridCache = types.HybridCache;
            _userManager = types.IdentityUserManagerOfT;
            _roleManager = types.IdentityRoleManagerOfT;
            _file = types.File;
            _directory = types.Directory;
            _fileStream = types.FileStream;
        }

        public EfQueryProvenance? Ef => _ef;

        /// <summary>The I/O a call performs by itself (not through source methods), or <see cref="IoKind.None"/>.</summary>
        public IoKind Classify(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol type = method.ContainingType;
            string name = method.Name;

            if (_ef != null && IsEfExecution(invocation, method, type, name)) return IoKind.Database;

            if (type.IsType(_dapper) && (name.StartsWith("Query", StringComparison.Ordinal) || name.StartsWith("Execute", StringComparison.Ordinal)))
                return IoKind.Database;
            if (CommandMethods.Contains(name) && (type.InheritsFromOrEquals(_dbCommand) || type.IsType(_idbCommand)))
                return IoKind.Database;
            if (IsIdentityStoreRead(method)) return IoKind.Database;

            if (_httpClient != null && HttpClientMethods.Contains(name) && type.InheritsFromOrEquals(_httpClient)) return IoKind.Http;
            if (type.IsType(_httpJsonExtensions)) return IoKind.Http;
            if (ExternalSdkCalls.IsSdkRequest(method)) return IoKind.Http; // Stripe.net, OpenAI: HTTP under the SDK

            if ((type.IsType(_redisDatabase) || type.IsType(_redisDatabaseAsync) || IsRedisBase(type)) && !RedisNonIo.Contains(name))
                return IoKind.Cache;
            if (type.IsType(_distributedCache) || type.IsType(_distributedCacheExtensions) || type.InheritsFromOrEquals(_hybridCache))
                return IoKind.Cache;

            if (type.IsType(_file) || type.IsType(_directory)) return IoKind.File;
            return IoKind.None;
        }

        /// <summary>A direct Dapper or ADO.NET command execution (database I/O that is not EF Core).</summary>
        public bool IsDapperOrAdoNet(IInvocationOperation invocation)
        {
            INamedTypeSymbol type = invocation.TargetMethod.ContainingType;
            string name = invocation.TargetMethod.Name;
            return (type.IsType(_dapper) && (name.StartsWith("Query", StringComparison.Ordinal) || name.StartsWith("Execute", StringComparison.Ordinal)))
                || (CommandMethods.Contains(name) && (type.InheritsFromOrEquals(_dbCommand) || type.IsType(_idbCommand)));
        }

        /// <summary>A read of ASP.NET Core Identity's user or role store through <c>UserManager&lt;T&gt;</c>/<c>RoleManager&lt;T&gt;</c>.</summary>
        public bool IsIdentityStoreRead(IMethodSymbol method) =>
            IdentityStoreReads.Contains(method.Name) && method.DeclaringSyntaxReferences.IsEmpty // an app's override may cache
            && (method.ContainingType.InheritsFromOrEquals(_userManager) || method.ContainingType.InheritsFromOrEquals(_roleManager));

        /// <summary><c>new FileStream(...)</c> opens a file.</summary>
        public IoKind Classify(IObjectCreationOperation creation) =>
            creation.Type.InheritsFromOrEquals(_fileStream) ? IoKind.File : IoKind.None;

        /// <summary>How the I/O API is shown in a chain: <c>DbSet&lt;Order&gt;.FindAsync</c>, <c>IQueryable&lt;Order&gt;.ToListAsync</c>.</summary>
        public static string Display(IInvocationOperation invocation)
        {
            ITypeSymbol? receiverType = invocation.GetReceiver()?.WithoutConversions().Type;
            ITypeSymbol type = receiverType ?? invocation.TargetMethod.ContainingType;
            return type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." + invocation.TargetMethod.Name;
        }

        private bool IsRedisBase(INamedTypeSymbol type)
        {
            // IDatabaseAsync derives from IRedisAsync; Ping and friends are declared there.
            if (_redisDatabaseAsync == null || type.TypeKind != TypeKind.Interface) return false;
            foreach (INamedTypeSymbol implemented in _redisDatabaseAsync.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, type)) return true;
            }

            return false;
        }

        private bool IsEfExecution(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, string name)
        {
            EfQueryProvenance ef = _ef!;
            switch (name)
            {
                case "SaveChanges":
                case "SaveChangesAsync":
                    return ef.IsDbContext(invocation.Instance?.Type);
                case "Find":
                case "FindAsync":
                    return ef.IsDbSetMethod(method);
                case "Load":
                case "LoadAsync":
                    if (invocation.Instance != null && ef.IsNavigationEntry(invocation.Instance.Type)) return true;
                    break;
            }

            if (type.IsType(_relationalDatabaseFacadeExtensions) && name.StartsWith("ExecuteSql", StringComparison.Ordinal)) return true;
            if (!EfApi.QueryExecutingMethods.Contains(name) || !method.IsExtensionMethod) return false;

            // EF's own async operators (ToListAsync, FirstAsync, ...) only run against an EF provider.
            if (type.IsType(_efQueryableExtensions)) return true;
            IOperation? receiver = invocation.GetReceiver();
            return receiver != null && ef.IsEfQuery(receiver);
        }
    }
}
