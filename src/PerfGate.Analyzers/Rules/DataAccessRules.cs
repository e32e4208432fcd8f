namespace PerfGate.Analyzers
{
    /// <summary>PG1xxx: data access (EF Core).</summary>
    public static class DataAccessRules
    {
        public static readonly RuleMetadata QueryExecutedPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.QueryExecutedPerLoopIteration,
            Title = "EF Core query executed once per loop iteration (N+1)",
            MessageFormat = "'{0}' runs an EF Core query on every iteration of the enclosing {1}: one database round trip per item (N+1)",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A query whose root is proven to come from a DbContext (a DbSet<T> property, context.Set<T>(), or a navigation query such as "
                + "context.Entry(x).Collection(...).Query()) is executed inside a loop body, so the database is asked once per item. Load everything in one "
                + "query before the loop (Where + Contains on the keys, Include, or a projection with Select) and look items up in memory. Known limitation: "
                + "a loop body that always exits on its first pass (an unconditional `break` or `return`) is still reported; such loops are rare.",
            Flags = new[]
            {
                "executing calls in the body of a `foreach`, `await foreach`, `for`, `while` or `do` loop: `ToList[Async]`, `ToArray[Async]`, "
                    + "`ToDictionary[Async]`, `ToHashSet[Async]`, `ToLookup`, `First*`, `Last*`, `Single*`, `ElementAt*`, `Count*`, `LongCount*`, `Any*`, "
                    + "`All*`, `Contains*`, `Sum*`, `Min*`, `Max*`, `Average*`, `ForEachAsync`, `Load[Async]`, `ExecuteUpdate[Async]`, "
                    + "`ExecuteDelete[Async]`, `AsAsyncEnumerable`, and `Find[Async]` on a `DbSet<T>`",
                "`Load[Async]` on an EF navigation entry (`context.Entry(x).Collection(...).Load()`, `.Reference(...).LoadAsync()`)",
                "the same calls inside a lambda converted to a delegate and passed as a delegate parameter of an operator that calls it per element: "
                    + "`Enumerable`, `AsyncEnumerable` and `ParallelEnumerable` operators (`Select`, `SelectMany`, `Where`, `ToDictionary`, ...), `List<T>` "
                    + "and `Array` methods (`ForEach`, `ConvertAll`, `Find`, `Exists`, ...), `Parallel.For`/`ForEach`/`ForEachAsync`",
                "`foreach`/`await foreach` directly over an un-materialized proven query, when that loop is itself inside a loop body or a per-element lambda "
                    + "(reported on the collection expression)",
                "proven roots: a `DbSet<T>` property or field read on an expression whose type derives from `DbContext` (an implicit `this` inside a context "
                    + "counts), `Set<T>()` on such an expression, `Query()` on an EF navigation entry, a `readonly` `DbSet<T>` field of a source type whose "
                    + "initializer and constructor assignments are all proven (a repository's `_orders = context.Orders`); followed through composing "
                    + "`Queryable`/EF operators (`Where`, `Select`, `Include`, `AsNoTracking`, `OrderBy`, `Skip`, `Take`, ...), `AsEnumerable`, query syntax, "
                    + "`?:` whose branches are both proven, and locals whose every assignment in the method is proven (`q = q.Where(...)` included)",
            },
            Ignores = new[]
            {
                "query roots that are not proven to be EF Core: parameters, fields, properties and method results of type `IQueryable<T>` (a repository's "
                    + "`Query()`), a `DbSet<T>` parameter, or a `DbSet<T>` field that is not `readonly` or can hold a value not read off a `DbContext`, and "
                    + "locals with any assignment of unknown origin or assigned through `out`/`ref`, compound assignment or a pattern (ambiguous provenance "
                    + "stays silent)",
                "lambdas converted to expression trees (`IQueryable` operators): EF translates them to SQL, so they are not loops (`db.Orders.Select(o => "
                    + "db.Customers.Count())` is one query)",
                "queries built in the loop but executed after it, and a loop over an `IQueryable` that is composed into one query",
                "loop conditions, `for` initializers and increments (`while (await db.Jobs.AnyAsync())` polling in batches): only the body repeats per item; "
                    + "they are reported when they sit in the body of an outer loop",
                "polling loops: a `while`, `do` or `for` loop that waits on a timer on each pass (`Task.Delay`, `PeriodicTimer.WaitForNextTickAsync`, "
                    + "`Thread.Sleep` in its condition or body) runs once per tick, not once per item",
                "lambdas passed to any other method (`Task.Run`, callbacks, `Func` stored for later) and local functions: they may run once, later or never; "
                    + "the walk stops there",
                "calls to other methods that run a query (a repository method called in a loop): that is an inter-procedural finding, not this rule",
            },
            Fix = "Hoist the query out of the loop: fetch all needed rows at once (`Where(x => ids.Contains(x.Id))`, `Include`, or a `Select` projection), "
                + "then look them up in memory (`ToDictionary`).",
            FlaggedExample = "foreach (var order in orders)\n"
                + "{\n"
                + "    var customer = await db.Customers.FirstAsync(c => c.Id == order.CustomerId);\n"
                + "    names.Add(customer.Name);\n"
                + "}",
            FixedExample = "var ids = orders.Select(o => o.CustomerId).Distinct().ToList();\n"
                + "var customers = await db.Customers\n"
                + "    .Where(c => ids.Contains(c.Id))\n"
                + "    .ToDictionaryAsync(c => c.Id);\n"
                + "foreach (var order in orders)\n"
                + "    names.Add(customers[order.CustomerId].Name);",
            Tags = new[] { "performance", "ef-core", "n+1" },
        };

        public static readonly RuleMetadata SaveChangesPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.SaveChangesPerLoopIteration,
            Title = "SaveChanges called once per loop iteration",
            MessageFormat = "'{0}' is called on every iteration of the enclosing {1}: one database round trip and transaction per item",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "DbContext.SaveChanges[Async] inside a loop body commits one transaction per item. Make all changes in the loop and save once after "
                + "it (EF Core batches the statements), or use ExecuteUpdate/ExecuteDelete for set-based changes. A loop whose body creates its own DbContext "
                + "per iteration is still reported: each iteration is still a round trip.",
            Flags = new[]
            {
                "`SaveChanges` and `SaveChangesAsync` on a receiver whose type derives from `DbContext` (an implicit `this` inside a context counts) in the "
                    + "body of a `foreach`, `await foreach`, `for`, `while` or `do` loop",
                "the same calls inside a lambda converted to a delegate and passed as a delegate parameter of an operator that calls it per element "
                    + "(`List<T>.ForEach`, `Enumerable.Select` over in-memory sequences, `Parallel.ForEach`, ...)",
            },
            Ignores = new[]
            {
                "`SaveChanges` after the loop",
                "`SaveChanges` on types that are not a `DbContext` (a unit-of-work interface of unknown implementation stays silent)",
                "loop conditions, `for` initializers and increments; they are reported when they sit in the body of an outer loop",
                "polling loops: a `while`, `do` or `for` loop that waits on a timer on each pass (`Task.Delay`, `PeriodicTimer.WaitForNextTickAsync`, "
                    + "`Thread.Sleep` in its condition or body) runs once per tick, not once per item",
                "lambdas passed to any other method (`Task.Run`, callbacks, `Func` stored for later) and local functions",
            },
            Fix = "Call `SaveChanges[Async]` once after the loop; for large imports, save in chunks of a few hundred items.",
            FlaggedExample = "foreach (var line in lines)\n"
                + "{\n"
                + "    db.OrderLines.Add(line);\n"
                + "    await db.SaveChangesAsync();\n"
                + "}",
            FixedExample = "foreach (var line in lines)\n"
                + "{\n"
                + "    db.OrderLines.Add(line);\n"
                + "}\n"
                + "await db.SaveChangesAsync();",
            Tags = new[] { "performance", "ef-core" },
        };

        public static readonly RuleMetadata DatabaseCallPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.DatabaseCallPerLoopIteration,
            Title = "Method that performs database I/O called once per loop iteration (N+1 through calls)",
            MessageFormat = "'{0}' performs database I/O on every iteration of the enclosing {1}: one round trip per item (N+1) through {2}",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A method whose I/O summary says it talks to the database (EF Core query execution or SaveChanges, Dapper `Query*`/`Execute*`, "
                + "ADO.NET `DbCommand.Execute*`), directly or through any depth of calls, is called in a loop body: the N+1 that hides behind a repository or "
                + "service. The message names the call chain down to the database API, and each step is attached as a related location. Summaries follow "
                + "interface and virtual calls to their implementations in the compilation (a constructor-injected `IOrderRepository` field included), "
                + "lambdas, local functions and async methods; methods of referenced projects built with PerfGate are summarized by those projects (recorded "
                + "as assembly metadata), so the loop may sit in `Api` and the query in `Data`. Fetch everything before the loop with one set-based method "
                + "instead. Never run the per-item calls in parallel on one DbContext: it supports one operation at a time.",
            Flags = new[]
            {
                "a call, in the body of a `foreach`, `await foreach`, `for`, `while` or `do` loop or in a per-element lambda (`Select`, `ForEach`, "
                    + "`Parallel.ForEach`, ...), of a method whose summary performs database I/O",
                "an interface or virtual call when every implementation in the compilation performs database I/O (for a referenced assembly: the summary it "
                    + "recorded)",
                "Dapper `Query*`/`Execute*` and ADO.NET `DbCommand.Execute*` called directly in a loop body",
            },
            Ignores = new[]
            {
                "EF Core queries and `SaveChanges` executed directly in the loop: PG1001 and PG1005 report those, never both rules",
                "interface calls when any implementation in the compilation does no database I/O (a caching decorator, an in-memory fake), and interfaces "
                    + "with no implementation in the compilation and no recorded summary",
                "calls through delegates (`Func<...>` fields and parameters): the target is unknown",
                "loop conditions, `for` initializers and increments, lambdas passed to any other method, and lambdas converted to expression trees (EF "
                    + "translates them)",
                "recursion: a cycle in the call graph contributes nothing to a summary",
                "polling loops: a `while`, `do` or `for` loop that waits on a timer on each pass (`Task.Delay`, `PeriodicTimer.WaitForNextTickAsync`, "
                    + "`Thread.Sleep` in its condition or body) runs once per tick, not once per item",
                "methods of referenced assemblies that were not built with PerfGate (no recorded summary)",
            },
            Fix = "Add a set-based method (`GetByIdsAsync(ids)` with `Where(x => ids.Contains(x.Id))`) and call it once before the loop; look items up in "
                + "memory.",
            FlaggedExample = "foreach (var id in orderIds)\n"
                + "{\n"
                + "    var order = await _orders.GetOrderAsync(id); // OrderRepository: db.Orders.FindAsync(id)\n"
                + "    totals.Add(order.Total);\n"
                + "}",
            FixedExample = "var orders = await _orders.GetOrdersAsync(orderIds); // one query: Where(o => orderIds.Contains(o.Id))\n"
                + "foreach (var order in orders)\n"
                + "    totals.Add(order.Total);",
            Tags = new[] { "performance", "ef-core", "n+1", "inter-procedural" },
        };

        public static readonly RuleMetadata UnboundedQueryInRequestPath = new RuleMetadata
        {
            Id = RuleIdentifiers.UnboundedQueryInRequestPath,
            Title = "Unbounded query returned from a request handler",
            MessageFormat = "'{0}' loads every matching row of a DbSet query and '{1}' returns them in the response: add paging (OrderBy + Skip/Take) or a "
                + "hard limit",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "A request handler materializes a query rooted at a DbSet with no `Take`/`Skip` and returns the list (directly, through a local, or "
                + "through `Ok(...)`/`Results.Ok(...)`). The response, the memory and the query time grow with the table. Precision is medium: a `Where` that "
                + "in practice selects a handful of rows (one order's lines) is still reported, because the rule cannot know the data; suppress it there.",
            Flags = new[]
            {
                "`ToList[Async]`/`ToArray[Async]` on a proven query rooted at a `DbSet<T>` read off a `DbContext` (or `Set<T>()`), with no `Take`, `Skip`, "
                    + "`TakeWhile`, `GroupBy` or `Distinct` in the chain, whose result is returned, passed to `Ok`/`Json`/`Accepted`/`Created`, or stored in "
                    + "a local that is",
                "request handlers: public actions of controllers (`ControllerBase` subclasses or `[Controller]`, not `[NonAction]`), minimal API handlers "
                    + "passed to `Map`/`MapGet`/`MapPost`/`MapPut`/`MapDelete`/`MapPatch`/`MapMethods`/`MapFallback` (lambdas and method groups), Razor Pages "
                    + "`On{Verb}[Async]` handlers, SignalR hub methods, gRPC service overrides",
            },
            Ignores = new[]
            {
                "queries that are not returned from the handler (aggregated, mapped or filtered further in memory first)",
                "methods that are not request handlers, including repositories called by a handler: the list may be bounded by the caller",
                "navigation queries and queries on locals, parameters and fields (the shape is decided elsewhere) and `FromSql*` queries (the SQL may limit "
                    + "rows)",
                "lambdas converted to expression trees",
            },
            Fix = "Page the query: `OrderBy(key).Skip(page * size).Take(size)` with a bounded `size`, or stream with `IAsyncEnumerable<T>` when the client "
                + "really needs everything.",
            FlaggedExample = "[HttpGet]\n"
                + "public async Task<IActionResult> GetAll() =>\n"
                + "    Ok(await _db.Products.ToListAsync());",
            FixedExample = "[HttpGet]\n"
                + "public async Task<IActionResult> GetPage(int page = 0, int size = 50) =>\n"
                + "    Ok(await _db.Products.OrderBy(p => p.Id)\n"
                + "        .Skip(page * Math.Min(size, 100)).Take(Math.Min(size, 100)).ToListAsync());",
            Tags = new[] { "performance", "ef-core", "pagination" },
        };

        public static readonly RuleMetadata PagingWithoutOrderBy = new RuleMetadata
        {
            Id = RuleIdentifiers.PagingWithoutOrderBy,
            Title = "Skip/Take without OrderBy",
            MessageFormat = "'{0}' pages an EF Core query that has no OrderBy before it: the database may return rows in any order, so pages overlap or skip "
                + "rows",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Without an ORDER BY, SQL does not define which rows come first, so `Skip`/`Take` pages are not stable: the same row can appear on "
                + "two pages and another on none. EF Core only warns about it at run time. Order by a unique key before paging.",
            Flags = new[]
            {
                "`Queryable.Skip` and `Queryable.Take` on a proven query rooted at a `DbSet<T>` (or `Set<T>()`) when no `OrderBy`, `OrderByDescending`, "
                    + "`ThenBy`, `ThenByDescending`, `Order` or `OrderDescending` comes before it in the chain (reported once per chain, on the first paging "
                    + "operator)",
            },
            Ignores = new[]
            {
                "`Take(1)` (\"any one row\", as `First`), `First`/`Single` themselves",
                "chains that start at a local, parameter, field or method result (the ordering may be applied where the query was built) and navigation "
                    + "queries",
                "`FromSql*` queries (the SQL may order)",
                "paging inside lambdas converted to expression trees (a nested query EF translates)",
            },
            Fix = "Add `OrderBy(x => x.Id)` (a unique key, or a key followed by `ThenBy(x => x.Id)`) before `Skip`/`Take`.",
            FlaggedExample = "var page = await db.Orders.Skip(page * 20).Take(20).ToListAsync();",
            FixedExample = "var page = await db.Orders.OrderBy(o => o.Id).Skip(page * 20).Take(20).ToListAsync();",
            Tags = new[] { "correctness", "ef-core", "pagination" },
        };

        public static readonly RuleMetadata QueryExecutedTwice = new RuleMetadata
        {
            Id = RuleIdentifiers.QueryExecutedTwice,
            Title = "The same EF Core query executed twice",
            MessageFormat = "Query '{0}' is executed again by '{1}' after '{2}' already ran it: a second database round trip for the same rows",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A local holding a proven EF Core query is executed by one operator and then, in a later statement of the same block, by another "
                + "(`q.Any()` then `q.ToList()`, `q.Count()` then `q.ToList()`, or `q.ToList()` twice). Each execution is a round trip. Materialize once and "
                + "answer the other question from the list; the first execution is attached as a related location.",
            Flags = new[]
            {
                "two executions (`ToList[Async]`, `Any[Async]`, `Count[Async]`, `First*`, ...) whose receiver is the same local holding a proven query, where "
                    + "the second is in a later statement of the block that holds the first one's statement, and the local is not reassigned in between",
            },
            Ignores = new[]
            {
                "executions of different queries built from the local (`q.Count()` then `q.Skip(n).Take(m).ToList()`: counting and paging is the normal "
                    + "pattern)",
                "executions in different branches, in lambdas or local functions, or in a loop the first is not in (the second may not run, or PG1001 applies)",
                "a local reassigned between the executions (`q = q.Where(...)`)",
                "locals of unknown provenance (parameters, fields, repository results)",
            },
            Fix = "Materialize once (`var list = await q.ToListAsync();`) and use `list.Count`, `list.Count > 0`, `list[0]` for the other questions.",
            FlaggedExample = "var query = db.Orders.Where(o => o.CustomerId == id);\n"
                + "if (!await query.AnyAsync()) return NotFound();\n"
                + "return Ok(await query.ToListAsync());",
            FixedExample = "var orders = await db.Orders.Where(o => o.CustomerId == id).ToListAsync();\n"
                + "if (orders.Count == 0) return NotFound();\n"
                + "return Ok(orders);",
            Tags = new[] { "performance", "ef-core" },
        };

        public static readonly RuleMetadata ClientSideEvaluation = new RuleMetadata
        {
            Id = RuleIdentifiers.ClientSideEvaluation,
            Title = "Filtering, counting or sorting after materializing an EF Core query",
            MessageFormat = "'{0}' runs in memory on rows that '{1}' already loaded: move it before '{1}' so the database does it",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A proven EF Core query is materialized (`ToList`, `ToArray`, `AsEnumerable` or their async twins) and the result is immediately "
                + "filtered, counted, sorted or paged with LINQ to Objects. Every row crosses the wire first. Only operators whose lambdas SQL can run are "
                + "reported (member reads, captured values, comparison and arithmetic, string `Contains`/`StartsWith`/`EndsWith`), because an untranslatable "
                + "predicate is the usual reason to go client side on purpose.",
            Flags = new[]
            {
                "`Enumerable.Where`, `Count`, `LongCount`, `Any`, `All`, `First*`, `Single*`, `Last*`, `OrderBy*`, `Sum`, `Min`, `Max`, `Average`, `Take`, "
                    + "`Skip`, `Distinct` called directly on `ToList[Async]()`/`ToArray[Async]()`/`AsEnumerable()` of a proven query (awaited or not)",
                "the same on a local assigned once from such a materialization, when that operator call is the local's only use",
            },
            Ignores = new[]
            {
                "operators whose lambdas call methods (other than string `Contains`/`StartsWith`/`EndsWith`), create objects or format strings: SQL may not "
                    + "translate them",
                "materialized locals used more than once (the list is needed anyway; a second in-memory pass costs no round trip)",
                "queries of unknown provenance, and everything inside expression trees",
            },
            Fix = "Apply the operator to the query before materializing: `await db.Orders.Where(o => o.Total > 100).ToListAsync()`, `await "
                + "db.Orders.CountAsync()`.",
            FlaggedExample = "var big = (await db.Orders.ToListAsync()).Where(o => o.Total > 100).ToList();",
            FixedExample = "var big = await db.Orders.Where(o => o.Total > 100).ToListAsync();",
            Tags = new[] { "performance", "ef-core" },
        };

        public static readonly RuleMetadata CartesianExplosion = new RuleMetadata
        {
            Id = RuleIdentifiers.CartesianExplosion,
            Title = "Several collection Includes in one single query (cartesian explosion)",
            MessageFormat = "This query includes {0} collection navigations in one SQL statement and runs it with '{1}': rows multiply (cartesian explosion); "
                + "add AsSplitQuery()",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Each collection `Include` adds a JOIN; two sibling collections make the database return every combination of their rows (an order "
                + "with 20 lines and 10 payments returns 200 rows). `AsSplitQuery()` loads each collection with its own query. Do not reach for parallel "
                + "loading instead: a DbContext runs one operation at a time.",
            Flags = new[]
            {
                "an executed proven query whose chain has two or more `Include(x => x.Collection)` calls whose navigation type is a collection, and neither "
                    + "`AsSplitQuery()` nor `AsSingleQuery()`; reported on the second collection `Include`",
            },
            Ignores = new[]
            {
                "`AsSingleQuery()` written explicitly (a deliberate choice) and projects that configure `UseQuerySplittingBehavior` anywhere in the "
                    + "compilation",
                "string-based `Include(\"Lines\")` (the navigation type is unknown) and `ThenInclude` (a nested collection is a join, not a product of "
                    + "siblings)",
                "reference (non-collection) navigations",
                "queries that are not executed in the method (returned `IQueryable`) and queries of unknown provenance",
            },
            Fix = "Add `.AsSplitQuery()` to the query (or project only what you need with `Select`). A code fix (PerfGate.CodeFixes: IDE, `dotnet format "
                + "analyzers --diagnostics PG1013`) does it automatically: it inserts `.AsSplitQuery()` after the chain's last `Include`/`ThenInclude` and "
                + "adds `using Microsoft.EntityFrameworkCore;` when missing.",
            FlaggedExample = "var order = await db.Orders\n"
                + "    .Include(o => o.Lines)\n"
                + "    .Include(o => o.Payments)\n"
                + "    .FirstAsync(o => o.Id == id);",
            FixedExample = "var order = await db.Orders\n"
                + "    .Include(o => o.Lines)\n"
                + "    .Include(o => o.Payments)\n"
                + "    .AsSplitQuery()\n"
                + "    .FirstAsync(o => o.Id == id);",
            Tags = new[] { "performance", "ef-core" },
        };

        public static readonly RuleMetadata SynchronousQueryInAsyncMethod = new RuleMetadata
        {
            Id = RuleIdentifiers.SynchronousQueryInAsyncMethod,
            Title = "Synchronous EF Core execution inside an async method",
            MessageFormat = "'{0}' blocks a thread on database I/O inside an async method: use '{1}' and await it",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "An async method (or async lambda/local function) executes an EF Core query or saves changes synchronously, blocking a thread-pool "
                + "thread for the whole round trip. Under load this starves the pool. EF Core's guidance: `Add`/`AddRange` are fine synchronously (they do no "
                + "I/O unless a special value generator needs it); everything that talks to the database should be awaited.",
            Flags = new[]
            {
                "`ToList`, `ToArray`, `ToDictionary`, `ToHashSet`, `First*`, `Last*`, `Single*`, `ElementAt*`, `Count`, `LongCount`, `Any`, `All`, "
                    + "`Contains`, `Sum`, `Min`, `Max`, `Average`, `Load`, `ExecuteUpdate`, `ExecuteDelete` on a proven query; `Find` on a proven `DbSet<T>`; "
                    + "`SaveChanges` on a `DbContext`; `Load` on a navigation entry; when the innermost enclosing function is `async`",
            },
            Ignores = new[]
            {
                "`Add`, `AddRange`, `Attach`, `Update`, `Remove` (no I/O)",
                "synchronous lambdas and local functions inside an async method (they are not async themselves)",
                "queries of unknown provenance, operators without an async twin (`ToLookup`), and calls inside expression trees",
            },
            Fix = "Call the async twin and await it: `await query.ToListAsync(ct)`, `await db.SaveChangesAsync(ct)`. A code fix (PerfGate.CodeFixes: IDE, "
                + "`dotnet format analyzers --diagnostics PG1014`) does it automatically when the enclosing function is already `async`: it calls the async "
                + "overload, awaits it (parenthesized when the result is used further, `(await q.ToListAsync()).Count`), and passes the method's "
                + "`CancellationToken` when it has exactly one; it is not offered where the rewrite would not compile to the same result type (inside `lock`, "
                + "query clauses).",
            FlaggedExample = "public async Task<IActionResult> Get(int id)\n"
                + "{\n"
                + "    var order = _db.Orders.First(o => o.Id == id);\n"
                + "    await _audit.WriteAsync(id);\n"
                + "    return Ok(order);\n"
                + "}",
            FixedExample = "public async Task<IActionResult> Get(int id, CancellationToken ct)\n"
                + "{\n"
                + "    var order = await _db.Orders.FirstAsync(o => o.Id == id, ct);\n"
                + "    await _audit.WriteAsync(id);\n"
                + "    return Ok(order);\n"
                + "}",
            Tags = new[] { "performance", "ef-core", "async" },
        };

        public static readonly RuleMetadata RowByRowUpdate = new RuleMetadata
        {
            Id = RuleIdentifiers.RowByRowUpdate,
            Title = "Row-by-row update or delete of loaded entities (use ExecuteUpdate/ExecuteDelete)",
            MessageFormat = "This loop {0} each loaded '{1}' one by one and then saves: the rows are read, tracked and written back one statement per row; "
                + "use {2} to do it in one statement",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Entities are loaded by a proven query only to have plain scalar properties set, or to be removed, one by one in a `foreach`, "
                + "followed by `SaveChanges`. EF Core 7+ runs the same change as one `UPDATE ... WHERE` / `DELETE ... WHERE` with "
                + "`ExecuteUpdate[Async]`/`ExecuteDelete[Async]`, without loading or tracking the rows. Note that those bypass the change tracker (no "
                + "interceptors on SaveChanges, no concurrency tokens checked): the doc's fix says what to review.",
            Flags = new[]
            {
                "a `foreach`/`await foreach` over a proven query rooted at a `DbSet<T>` (directly, its awaited `ToList[Async]()`/`ToArray[Async]()`, or a "
                    + "local assigned once from it) whose body only assigns scalar properties of the loop variable from constants, parameters, captured "
                    + "locals, static properties (`DateTime.UtcNow`) or the item's own properties, or only calls `Remove(item)` on the context or the DbSet; "
                    + "with `SaveChanges[Async]` later in the same block",
                "only when the compilation's EF Core has `ExecuteUpdate`/`ExecuteDelete` (EF Core 7 or later)",
            },
            Ignores = new[]
            {
                "loop bodies with conditions, method calls, other statements, navigation assignments, or values that need C# (method calls, object creation)",
                "queries with `Select`, `Include`, `AsNoTracking` or `GroupBy` (not tracked entities of one table)",
                "bodies that both update and delete, and loops with no `SaveChanges` after them in the same block",
                "queries of unknown provenance",
            },
            Fix = "Replace the load-mutate-save sequence with `await query.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, \"archived\"))` or `await "
                + "query.ExecuteDeleteAsync()`; review what you relied on from `SaveChanges` (interceptors, concurrency tokens, owned or related entities).",
            FlaggedExample = "var stale = await db.Orders.Where(o => o.PlacedAtUtc < cutoff).ToListAsync();\n"
                + "foreach (var order in stale)\n"
                + "{\n"
                + "    order.Status = \"archived\";\n"
                + "}\n"
                + "await db.SaveChangesAsync();",
            FixedExample = "await db.Orders.Where(o => o.PlacedAtUtc < cutoff)\n"
                + "    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, \"archived\"));",
            Tags = new[] { "performance", "ef-core", "bulk" },
        };

        public static readonly RuleMetadata MissingAsNoTracking = new RuleMetadata
        {
            Id = RuleIdentifiers.MissingAsNoTracking,
            Title = "Read-only query without AsNoTracking",
            MessageFormat = "'{0}' loads tracked '{1}' entities that this method only reads: add AsNoTracking() so EF Core skips the change tracker",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "high",
            Description = "A tracking query makes EF Core snapshot every loaded entity for change detection and identity resolution: CPU and memory for "
                + "nothing when the entities are only read. Reported only when every use of the result is visible in the method and is a read, and the method "
                + "does no unit-of-work operation on any context (no `SaveChanges`, `Add`, `Update`, `Attach`, `Remove`, `Entry`). Default level note: the "
                + "saving grows with row count, and some teams rely on tracking for identity resolution.",
            Flags = new[]
            {
                "`ToList[Async]`, `ToArray[Async]` on a proven query rooted at a `DbSet<T>` with no `AsNoTracking*`/`AsTracking`, no "
                    + "`Select`/`SelectMany`/`GroupBy`/`Join`/`Cast`/`OfType`/`FromSql*` (whole entities are tracked), whose result is: stored in a local "
                    + "used only for member reads, `foreach` (the loop variable likewise), null checks and comparisons, string interpolation, LINQ-to-objects "
                    + "calls that project to something other than the entities with lambdas that only read, or `Ok`/`Json`/`View` results; passed directly to "
                    + "such a result helper; or returned from a request handler (serialized)",
                "only in methods (and their lambdas) with no `SaveChanges`/`Add`/`AddRange`/`Update`/`Attach`/`Remove`/`Entry` call on a `DbContext` or "
                    + "`DbSet`",
            },
            Ignores = new[]
            {
                "results returned from methods that are not request handlers, passed to other methods, stored in fields, or whose entities or navigations "
                    + "flow anywhere the rule cannot see (the caller may modify and save them)",
                "property writes on the entities, `++`/`--`, `ref`/`out` passing",
                "projections (`Select`): EF Core does not track non-entity results",
                "projects that set `UseQueryTrackingBehavior(...)` or `QueryTrackingBehavior =` anywhere (tracking is decided globally)",
                "single-entity loads (`First*`, `Single*`, `Find[Async]`): tracking one entity costs next to nothing",
                "queries of unknown provenance",
            },
            Fix = "Add `.AsNoTracking()` to the query (or `AsNoTrackingWithIdentityResolution()` when the same entity appears many times through "
                + "navigations); or project the columns you need with `Select`. A code fix (PerfGate.CodeFixes: IDE, `dotnet format analyzers --diagnostics "
                + "PG1009`) does it automatically: it inserts `.AsNoTracking()` right after the `DbSet` root of the query chain (the rule only reports "
                + "queries whose entities are only read, so the method observes the same values).",
            FlaggedExample = "public async Task<IActionResult> List() =>\n"
                + "    Ok(await _db.Products.Where(p => p.Visible).ToListAsync());",
            FixedExample = "public async Task<IActionResult> List() =>\n"
                + "    Ok(await _db.Products.AsNoTracking().Where(p => p.Visible).ToListAsync());",
            Tags = new[] { "performance", "ef-core", "tracking" },
        };
        public static readonly RuleMetadata OverFetchingEntities = new RuleMetadata
        {
            Id = RuleIdentifiers.OverFetchingEntities,
            Title = "Whole entities loaded where a few columns are read (use a Select projection)",
            MessageFormat = "'{0}' loads whole '{1}' entities ({2} mapped columns) but this method reads only {3}: project them with Select",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "medium",
            Description = "A proven EF Core query loads whole entities (every mapped column, tracked unless `AsNoTracking`), and every use of the result in "
                + "the method reads at most 3 scalar properties of an entity that has at least 6. A `Select` projection to those properties reads fewer "
                + "columns, can be served from an index, and skips change tracking. Reported only when every use is visible in the method and nothing "
                + "escapes. Precision is medium: when the rows are few or narrow, the saving is small; the default level is note.",
            Flags = new[]
            {
                "`ToList[Async]`, `ToArray[Async]`, `First*`, `Single*`, `Last*` on a proven query rooted at a `DbSet<T>` with no "
                    + "`Select`/`SelectMany`/`GroupBy`/`Join`/`Cast`/`OfType`/`FromSql*` in the chain, assigned to a local whose every use is a read of a "
                    + "scalar (value type or `string`) property, a null check, `foreach` (the loop variable likewise), `Count`/`Length`, or a LINQ-to-objects "
                    + "call whose lambdas only read scalar properties and whose result is not the entities",
                "only when the distinct scalar properties read are at most 3 and the entity type has at least 6 scalar properties (public instance properties "
                    + "of value type or `string`, inherited ones included, `[NotMapped]` excluded)",
            },
            Ignores = new[]
            {
                "results that escape: returned, passed to any method other than LINQ to objects, stored in a field or property, captured by a local function, "
                    + "or a loop variable or local assigned again",
                "entities that are modified (`=`, `++`, compound assignment, `ref`/`out`) and methods with any unit-of-work call on a context or DbSet "
                    + "(`SaveChanges`, `Add`, `Update`, `Attach`, `Remove`, `Entry`)",
                "reads of navigations (`order.Customer.Name`) and method calls on the entity (`order.ToString()`)",
                "queries that already project, `FromSql*` queries, queries of unknown provenance, and everything inside expression trees",
            },
            Fix = "Project the properties the method reads: `await db.Orders.Where(...).Select(o => new { o.Id, o.Total }).ToListAsync()`.",
            FlaggedExample = "var orders = await db.Orders.Where(o => o.CustomerId == id).ToListAsync();\n"
                + "return orders.Sum(o => o.Total);",
            FixedExample = "var totals = await db.Orders.Where(o => o.CustomerId == id).Select(o => o.Total).ToListAsync();\n"
                + "return totals.Sum();",
            Tags = new[] { "performance", "ef-core", "over-fetching" },
        };

        public static readonly RuleMetadata LazyLoadingPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.LazyLoadingPerLoopIteration,
            Title = "Lazy-loaded navigation read once per loop iteration (N+1)",
            MessageFormat = "'{0}' is lazy-loaded on every iteration of the enclosing {1}: one query per item (N+1); add Include(x => x.{2}) to the query "
                + "that loads '{3}'",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "With lazy loading on, reading a navigation that was not loaded runs a query. Reading it once per item of a loop over entities from "
                + "a query without `Include` of that navigation is an N+1 that no query in the source shows. Reported only when lazy loading is provably on "
                + "in the compilation: `UseLazyLoadingProxies()` is called (and the navigation is `virtual` on a non-sealed entity, as proxies require), or "
                + "the entity has a constructor taking `ILazyLoader` or `Action<object, string>` (lazy loading without proxies). Load the navigation with the "
                + "query (`Include`) or project what you need with `Select`.",
            Flags = new[]
            {
                "a read of a navigation property (an entity type of a `DbSet<T>` in a context of the compilation, or a collection of one) on the variable of "
                    + "a `foreach`/`await foreach` over a proven query rooted at a `DbSet<T>`, over its `ToList[Async]()`/`ToArray[Async]()`, or over a local "
                    + "assigned once from those, when the query has no `Include` of that navigation (lambda or string form)",
            },
            Ignores = new[]
            {
                "compilations where lazy loading is not provably on: no `UseLazyLoadingProxies` call (or one with an argument that is not `true`) and no "
                    + "entity constructor taking `ILazyLoader`/`Action<object, string>`; and any compilation that sets `LazyLoadingEnabled`",
                "non-virtual navigations and sealed entities under proxies (proxies cannot intercept them)",
                "navigations configured with `AutoInclude()` (loaded with every query)",
                "methods that load the related entities some other way (any other query on the navigation's entity type, `Entry(...)`, `Load[Async]`): EF "
                    + "Core fixes up navigations to entities the context already tracks",
                "`AsNoTracking` queries, queries that project (`Select`), queries of unknown provenance, loops over anything else, and reads inside "
                    + "expression trees",
            },
            Fix = "Include the navigation in the query (`db.Orders.Include(o => o.Customer)`), or project what the loop needs with `Select`.",
            FlaggedExample = "var orders = await db.Orders.ToListAsync();\n"
                + "foreach (var order in orders)\n"
                + "    names.Add(order.Customer.Name); // one query per order",
            FixedExample = "var orders = await db.Orders.Include(o => o.Customer).ToListAsync();\n"
                + "foreach (var order in orders)\n"
                + "    names.Add(order.Customer.Name);",
            Tags = new[] { "performance", "ef-core", "n+1", "lazy-loading" },
        };

        public static readonly RuleMetadata UnindexedFilterOrSort = new RuleMetadata
        {
            Id = RuleIdentifiers.UnindexedFilterOrSort,
            Title = "Filter or sort on a column with no index",
            MessageFormat = "'{0}' {1} '{2}.{3}', but the EF Core model has no index led by that column: the database scans the table",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "medium",
            Description = "A proven EF Core query filters (`Where`, or the predicate of `First*`/`Single*`/`Any`/`Count`...) or sorts (`OrderBy*`) a DbSet by "
                + "a column that no index of the EF Core model starts with, so the database reads the whole table. The model is read from the compilation: "
                + "`HasIndex`, `HasKey`, `HasAlternateKey`, `HasForeignKey` and `HasPrincipalKey` (in `OnModelCreating`, `IEntityTypeConfiguration<T>` "
                + "classes and migration model snapshots), `[Index]`, `[Key]` and `[ForeignKey]` attributes, the key convention (`Id`, `<Type>Id`) and the "
                + "foreign-key convention (`<Navigation>Id`, `<Type>Id`). Reported only when the whole model configuration of the query's context is visible "
                + "in the compilation. Precision is medium: small tables do not need indexes, and indexes created by raw SQL outside migrations are "
                + "invisible; the default level is note.",
            Flags = new[]
            {
                "`Where` and the predicate of `First*`, `Single*`, `Last*`, `Any*`, `Count*`, `LongCount*` comparing (`==`, `<`, `<=`, `>`, `>=`) a scalar "
                    + "property of the entity with a value that does not depend on the entity, on a proven query rooted at a `DbSet<T>` of a context declared "
                    + "in the compilation, when no filter of the query uses an indexed column",
                "the first key of `OrderBy`/`OrderByDescending` on such a query when the query has no filter at all",
            },
            Ignores = new[]
            {
                "contexts whose model configuration is not fully visible: a context or base context declared in another assembly, `OnModelCreating` calling "
                    + "anything but EF Core's model-building API, `ApplyConfiguration` of a type outside the compilation, `ApplyConfigurationsFromAssembly` "
                    + "of an assembly other than this one, and migrations that run raw SQL (`migrationBuilder.Sql`), which may create indexes",
                "queries with any filter on an indexed column (the index narrows the rows; sorting or filtering the rest is cheap)",
                "`!=`, `||`, `Contains`, method calls and navigation paths (`o.Customer.Name`) in predicates, and keys after the first in `ThenBy`",
                "entities whose index configuration cannot be read (a `HasIndex` with a non-constant column name, an `[Index]` with a non-constant argument)",
                "queries after `Select`/`GroupBy`/`Join` (the element is not the entity), queries of unknown provenance, and lambdas nested inside expression "
                    + "trees",
            },
            Fix = "Add an index led by the column (`modelBuilder.Entity<Order>().HasIndex(o => o.Status)` or `[Index(nameof(Status))]`) and a migration, or "
                + "filter by an indexed column first.",
            FlaggedExample = "var open = await db.Orders.Where(o => o.Status == \"open\").ToListAsync();",
            FixedExample = "// OnModelCreating: modelBuilder.Entity<Order>().HasIndex(o => o.Status);\n"
                + "var open = await db.Orders.Where(o => o.Status == \"open\").ToListAsync();",
            Tags = new[] { "performance", "ef-core", "indexes" },
        };
    }
}
