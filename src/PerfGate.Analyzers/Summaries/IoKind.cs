using System;

namespace PerfGate.Analyzers
{
    /// <summary>The kinds of I/O a method performs, directly or through the methods it calls.</summary>
    [Flags]
    internal enum IoKind
    {
        None = 0,

        /// <summary>EF Core query execution or SaveChanges, Dapper Query*/Execute*, ADO.NET DbCommand.Execute*.</summary>
        Database = 1,

        /// <summary>HttpClient Send/Get*/Post*/Put*/Patch*/Delete* (and the System.Net.Http.Json extensions); Stripe.net service and OpenAI client
        /// requests.</summary>
        Http = 2,

        /// <summary>StackExchange.Redis IDatabase operations, IDistributedCache Get/Set/Refresh/Remove.</summary>
        Cache = 4,

        /// <summary>System.IO.File / Directory operations, FileStream.</summary>
        File = 8,
    }

    internal static class IoKinds
    {
        public static readonly IoKind[] Each = { IoKind.Database, IoKind.Http, IoKind.Cache, IoKind.File };

        public static string Name(IoKind kind) => kind switch
        {
            IoKind.Database => "database",
            IoKind.Http => "http",
            IoKind.Cache => "cache",
            IoKind.File => "file",
            _ => kind.ToString().ToLowerInvariant(),
        };

        public static IoKind Parse(string name)
        {
            IoKind result = IoKind.None;
            foreach (string part in name.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (IoKind kind in Each)
                {
                    if (string.Equals(Name(kind), part, StringComparison.OrdinalIgnoreCase)) result |= kind;
                }
            }

            return result;
        }
    }
}
