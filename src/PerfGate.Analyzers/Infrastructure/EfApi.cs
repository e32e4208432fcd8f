using System;
using System.Collections.Generic;
using System.Linq;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// EF Core's API by name, in one table: which calls send a query to the database, which materialize rows, which
    /// change tracked state. Names only; whether a call is EF Core's is proven by <see cref="EfQueryProvenance"/>
    /// (its receiver is a proven query or a <c>DbContext</c>/<c>DbSet</c>).
    /// </summary>
    internal static class EfApi
    {
        /// <summary>Calls that send the query to the database when their receiver is a proven query (or, for <c>Find</c>, a <c>DbSet</c>).</summary>
        public static readonly HashSet<string> QueryExecutingMethods = Set(
            "ToList", "ToListAsync", "ToArray", "ToArrayAsync",
            "ToDictionary", "ToDictionaryAsync", "ToHashSet", "ToHashSetAsync", "ToLookup",
            "First", "FirstAsync", "FirstOrDefault", "FirstOrDefaultAsync",
            "Last", "LastAsync", "LastOrDefault", "LastOrDefaultAsync",
            "Single", "SingleAsync", "SingleOrDefault", "SingleOrDefaultAsync",
            "ElementAt", "ElementAtAsync", "ElementAtOrDefault", "ElementAtOrDefaultAsync",
            "Count", "CountAsync", "LongCount", "LongCountAsync",
            "Any", "AnyAsync", "All", "AllAsync", "Contains", "ContainsAsync",
            "Sum", "SumAsync", "Min", "MinAsync", "Max", "MaxAsync", "Average", "AverageAsync",
            "Find", "FindAsync", "Load", "LoadAsync", "ForEachAsync",
            "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync",
            "AsAsyncEnumerable");

        /// <summary>Synchronous executing operators that have an async twin in EF Core.</summary>
        public static readonly Dictionary<string, string> SyncToAsync = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ToList"] = "ToListAsync", ["ToArray"] = "ToArrayAsync", ["ToDictionary"] = "ToDictionaryAsync", ["ToHashSet"] = "ToHashSetAsync",
            ["First"] = "FirstAsync", ["FirstOrDefault"] = "FirstOrDefaultAsync", ["Last"] = "LastAsync", ["LastOrDefault"] = "LastOrDefaultAsync",
            ["Single"] = "SingleAsync", ["SingleOrDefault"] = "SingleOrDefaultAsync",
            ["ElementAt"] = "ElementAtAsync", ["ElementAtOrDefault"] = "ElementAtOrDefaultAsync",
            ["Count"] = "CountAsync", ["LongCount"] = "LongCountAsync", ["Any"] = "AnyAsync", ["All"] = "AllAsync", ["Contains"] = "ContainsAsync",
            ["Sum"] = "SumAsync", ["Min"] = "MinAsync", ["Max"] = "MaxAsync", ["Average"] = "AverageAsync",
            ["Find"] = "FindAsync", ["Load"] = "LoadAsync", ["SaveChanges"] = "SaveChangesAsync",
            ["ExecuteUpdate"] = "ExecuteUpdateAsync", ["ExecuteDelete"] = "ExecuteDeleteAsync",
        };

        /// <summary>Executions that load a whole result into a list or an array.</summary>
        public static readonly HashSet<string> ListMaterializers = Set("ToList", "ToListAsync", "ToArray", "ToArrayAsync");

        /// <summary>Executions that load at most one row (<c>First</c>, <c>Single</c>, <c>Last</c>, with or without <c>OrDefault</c>/<c>Async</c>).</summary>
        public static readonly HashSet<string> SingleRowLoaders = Set(
            "First", "FirstAsync", "FirstOrDefault", "FirstOrDefaultAsync", "Single", "SingleAsync", "SingleOrDefault", "SingleOrDefaultAsync",
            "Last", "LastAsync", "LastOrDefault", "LastOrDefaultAsync");

        /// <summary>Context and DbSet calls that mean a method works with tracked state: a unit of work, not a read.</summary>
        public static readonly HashSet<string> UnitOfWorkCalls = Set(
            "SaveChanges", "SaveChangesAsync", "Update", "UpdateRange", "Attach", "AttachRange", "Remove", "RemoveRange",
            "Add", "AddAsync", "AddRange", "AddRangeAsync", "Entry");

        /// <summary>Calls that write an entity's table: tracked changes (<c>Add</c>, <c>Update</c>, <c>Remove</c>, ...) and set-based ones.</summary>
        public static readonly HashSet<string> EntityWrites = Set(
            "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Remove", "RemoveRange", "Attach", "AttachRange",
            "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync");

        /// <summary><c>SaveChanges</c> and <c>SaveChangesAsync</c>.</summary>
        public static bool IsSaveChanges(string name) => name == "SaveChanges" || name == "SaveChangesAsync";

        /// <summary>A set of method names, compared ordinally.</summary>
        public static HashSet<string> Set(params string[] names) => new HashSet<string>(names, StringComparer.Ordinal);

        /// <summary><paramref name="names"/> plus <paramref name="more"/>.</summary>
        public static HashSet<string> Union(IEnumerable<string> names, params string[] more) => Set(names.Concat(more).ToArray());
    }
}
