namespace PerfGate.Analyzers
{
    /// <summary>PG1xxx: data access (EF Core).</summary>
    public static class DataAccessRules
    {
        public static readonly RuleMetadata QueryExecutedPerLoopIteration = new RuleMetadata(
            RuleIdentifiers.QueryExecutedPerLoopIteration,
            "EF Core query executed once per loop iteration (N+1)",
            "'{0}' runs an EF Core query on every iteration of the enclosing {1}: one database round trip per item (N+1)",
            RuleCategories.DataAccess,
            RuleLevel.Warning,
            "high",
            "A query whose root is proven to come from a DbContext (a DbSet<T> property, context.Set<T>(), or a navigation query such as context.Entry(x).Collection(...).Query()) is executed inside a loop body, so the database is asked once per item. Load everything in one query before the loop (Where + Contains on the keys, Include, or a projection with Select) and look items up in memory. Known limitation: a loop body that always exits on its first pass (an unconditional `break` or `return`) is still reported; such loops are rare.",
            new[]
            {
                "executing calls in the body of a `foreach`, `await foreach`, `for`, `while` or `do` loop: `ToList[Async]`, `ToArray[Async]`, `ToDictionary[Async]`, `ToHashSet[Async]`, `ToLookup`, `First*`, `Last*`, `Single*`, `ElementAt*`, `Count*`, `LongCount*`, `Any*`, `All*`, `Contains*`, `Sum*`, `Min*`, `Max*`, `Average*`, `ForEachAsync`, `Load[Async]`, `ExecuteUpdate[Async]`, `ExecuteDelete[Async]`, `AsAsyncEnumerable`, and `Find[Async]` on a `DbSet<T>`",
                "`Load[Async]` on an EF navigation entry (`context.Entry(x).Collection(...).Load()`, `.Reference(...).LoadAsync()`)",
                "the same calls inside a lambda converted to a delegate and passed as a delegate parameter of an operator that calls it per element: `Enumerable`, `AsyncEnumerable` and `ParallelEnumerable` operators (`Select`, `SelectMany`, `Where`, `ToDictionary`, ...), `List<T>` and `Array` methods (`ForEach`, `ConvertAll`, `Find`, `Exists`, ...), `Parallel.For`/`ForEach`/`ForEachAsync`",
                "`foreach`/`await foreach` directly over an un-materialized proven query, when that loop is itself inside a loop body or a per-element lambda (reported on the collection expression)",
                "proven roots: a `DbSet<T>` property or field read on an expression whose type derives from `DbContext` (an implicit `this` inside a context counts), `Set<T>()` on such an expression, `Query()` on an EF navigation entry; followed through composing `Queryable`/EF operators (`Where`, `Select`, `Include`, `AsNoTracking`, `OrderBy`, `Skip`, `Take`, ...), `AsEnumerable`, query syntax, `?:` whose branches are both proven, and locals whose every assignment in the method is proven (`q = q.Where(...)` included)",
            },
            new[]
            {
                "query roots that are not proven to be EF Core: parameters, fields, properties and method results of type `IQueryable<T>` (a repository's `Query()`), a `DbSet<T>` held in a field or parameter rather than read off a `DbContext`, and locals with any assignment of unknown origin or assigned through `out`/`ref`, compound assignment or a pattern (ambiguous provenance stays silent)",
                "lambdas converted to expression trees (`IQueryable` operators): EF translates them to SQL, so they are not loops (`db.Orders.Select(o => db.Customers.Count())` is one query)",
                "queries built in the loop but executed after it, and a loop over an `IQueryable` that is composed into one query",
                "loop conditions, `for` initializers and increments (`while (await db.Jobs.AnyAsync())` polling in batches): only the body repeats per item; they are reported when they sit in the body of an outer loop",
                "lambdas passed to any other method (`Task.Run`, callbacks, `Func` stored for later) and local functions: they may run once, later or never; the walk stops there",
                "calls to other methods that run a query (a repository method called in a loop): that is an inter-procedural finding, not this rule",
            },
            "Hoist the query out of the loop: fetch all needed rows at once (`Where(x => ids.Contains(x.Id))`, `Include`, or a `Select` projection), then look them up in memory (`ToDictionary`).",
            "foreach (var order in orders)\n{\n    var customer = await db.Customers.FirstAsync(c => c.Id == order.CustomerId);\n    names.Add(customer.Name);\n}",
            "var ids = orders.Select(o => o.CustomerId).Distinct().ToList();\nvar customers = await db.Customers\n    .Where(c => ids.Contains(c.Id))\n    .ToDictionaryAsync(c => c.Id);\nforeach (var order in orders)\n    names.Add(customers[order.CustomerId].Name);",
            new[] { "performance", "ef-core", "n+1" });

        public static readonly RuleMetadata SaveChangesPerLoopIteration = new RuleMetadata(
            RuleIdentifiers.SaveChangesPerLoopIteration,
            "SaveChanges called once per loop iteration",
            "'{0}' is called on every iteration of the enclosing {1}: one database round trip and transaction per item",
            RuleCategories.DataAccess,
            RuleLevel.Warning,
            "high",
            "DbContext.SaveChanges[Async] inside a loop body commits one transaction per item. Make all changes in the loop and save once after it (EF Core batches the statements), or use ExecuteUpdate/ExecuteDelete for set-based changes. A loop whose body creates its own DbContext per iteration is still reported: each iteration is still a round trip.",
            new[]
            {
                "`SaveChanges` and `SaveChangesAsync` on a receiver whose type derives from `DbContext` (an implicit `this` inside a context counts) in the body of a `foreach`, `await foreach`, `for`, `while` or `do` loop",
                "the same calls inside a lambda converted to a delegate and passed as a delegate parameter of an operator that calls it per element (`List<T>.ForEach`, `Enumerable.Select` over in-memory sequences, `Parallel.ForEach`, ...)",
            },
            new[]
            {
                "`SaveChanges` after the loop",
                "`SaveChanges` on types that are not a `DbContext` (a unit-of-work interface of unknown implementation stays silent)",
                "loop conditions, `for` initializers and increments; they are reported when they sit in the body of an outer loop",
                "lambdas passed to any other method (`Task.Run`, callbacks, `Func` stored for later) and local functions",
            },
            "Call `SaveChanges[Async]` once after the loop; for large imports, save in chunks of a few hundred items.",
            "foreach (var line in lines)\n{\n    db.OrderLines.Add(line);\n    await db.SaveChangesAsync();\n}",
            "foreach (var line in lines)\n{\n    db.OrderLines.Add(line);\n}\nawait db.SaveChangesAsync();",
            new[] { "performance", "ef-core" });

        public static readonly RuleMetadata DatabaseCallPerLoopIteration = new RuleMetadata(
            RuleIdentifiers.DatabaseCallPerLoopIteration,
            "Method that performs database I/O called once per loop iteration (N+1 through calls)",
            "'{0}' performs database I/O on every iteration of the enclosing {1}: one round trip per item (N+1) through {2}",
            RuleCategories.DataAccess,
            RuleLevel.Warning,
            "high",
            "A method whose I/O summary says it talks to the database (EF Core query execution or SaveChanges, Dapper `Query*`/`Execute*`, ADO.NET `DbCommand.Execute*`), directly or through any depth of calls, is called in a loop body: the N+1 that hides behind a repository or service. The message names the call chain down to the database API, and each step is attached as a related location. Summaries follow interface and virtual calls to their implementations in the compilation (a constructor-injected `IOrderRepository` field included), lambdas, local functions and async methods; methods of referenced projects built with PerfGate are summarized by those projects (recorded as assembly metadata), so the loop may sit in `Api` and the query in `Data`. Fetch everything before the loop with one set-based method instead. Never run the per-item calls in parallel on one DbContext: it supports one operation at a time.",
            new[]
            {
                "a call, in the body of a `foreach`, `await foreach`, `for`, `while` or `do` loop or in a per-element lambda (`Select`, `ForEach`, `Parallel.ForEach`, ...), of a method whose summary performs database I/O",
                "an interface or virtual call when every implementation in the compilation performs database I/O (for a referenced assembly: the summary it recorded)",
                "Dapper `Query*`/`Execute*` and ADO.NET `DbCommand.Execute*` called directly in a loop body",
            },
            new[]
            {
                "EF Core queries and `SaveChanges` executed directly in the loop: PG1001 and PG1005 report those, never both rules",
                "interface calls when any implementation in the compilation does no database I/O (a caching decorator, an in-memory fake), and interfaces with no implementation in the compilation and no recorded summary",
                "calls through delegates (`Func<...>` fields and parameters): the target is unknown",
                "loop conditions, `for` initializers and increments, lambdas passed to any other method, and lambdas converted to expression trees (EF translates them)",
                "recursion: a cycle in the call graph contributes nothing to a summary",
                "methods of referenced assemblies that were not built with PerfGate (no recorded summary)",
            },
            "Add a set-based method (`GetByIdsAsync(ids)` with `Where(x => ids.Contains(x.Id))`) and call it once before the loop; look items up in memory.",
            "foreach (var id in orderIds)\n{\n    var order = await _orders.GetOrderAsync(id); // OrderRepository: db.Orders.FindAsync(id)\n    totals.Add(order.Total);\n}",
            "var orders = await _orders.GetOrdersAsync(orderIds); // one query: Where(o => orderIds.Contains(o.Id))\nforeach (var order in orders)\n    totals.Add(order.Total);",
            new[] { "performance", "ef-core", "n+1", "inter-procedural" });
    }
}
