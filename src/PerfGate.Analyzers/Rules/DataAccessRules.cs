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
            "A query whose root is proven to come from a DbContext (a DbSet<T> property, context.Set<T>(), or a navigation query such as context.Entry(x).Collection(...).Query()) is executed inside a loop body, so the database is asked once per item. Load everything in one query before the loop (Where + Contains on the keys, Include, or a projection with Select) and look items up in memory.",
            new[]
            {
                "executing calls inside `foreach`, `for`, `while` and `do` bodies: `ToList[Async]`, `ToArray[Async]`, `ToDictionary[Async]`, `ToHashSet[Async]`, `First*`, `Last*`, `Single*`, `ElementAt*`, `Count*`, `LongCount*`, `Any*`, `All*`, `Contains*`, `Sum*`, `Min*`, `Max*`, `Average*`, `Load[Async]`, `ExecuteUpdate[Async]`, `ExecuteDelete[Async]`, `AsAsyncEnumerable`, `DbSet.Find[Async]`",
                "the same calls inside lambdas passed to `Select`/`SelectMany`/`Where`/`ForEach` over in-memory sequences (`IEnumerable<T>`, `List<T>.ForEach`), which run once per element",
                "`foreach` directly over an un-materialized EF query inside a loop (the enumeration executes it)",
            },
            new[]
            {
                "query roots that are not proven to be EF Core: parameters, fields and methods returning `IQueryable<T>` of unknown origin (ambiguous provenance stays silent)",
                "lambdas inside expression trees (`IQueryable` operators): EF translates them to SQL, so they are not loops",
                "queries built in the loop but executed after it, and a loop over an `IQueryable` that is composed into one query",
                "queries in a loop body that always exits on its first pass is not detected as safe; such loops are rare and are reported",
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
            "DbContext.SaveChanges[Async] inside a loop body commits one transaction per item. Make all changes in the loop and save once after it (EF Core batches the statements), or use ExecuteUpdate/ExecuteDelete for set-based changes.",
            new[] { "`SaveChanges` and `SaveChangesAsync` on a `DbContext` (or subclass) inside `foreach`, `for`, `while`, `do` bodies and per-element lambdas (`ForEach`, `Select` over in-memory sequences)" },
            new[]
            {
                "`SaveChanges` after the loop",
                "`SaveChanges` on types that are not a `DbContext` (a unit-of-work wrapper of unknown implementation stays silent)",
                "loops whose body creates its own `DbContext` per iteration is still reported: each iteration is still a round trip",
            },
            "Call `SaveChanges[Async]` once after the loop; for large imports, save in chunks of a few hundred items.",
            "foreach (var line in lines)\n{\n    db.OrderLines.Add(line);\n    await db.SaveChangesAsync();\n}",
            "foreach (var line in lines)\n{\n    db.OrderLines.Add(line);\n}\nawait db.SaveChangesAsync();",
            new[] { "performance", "ef-core" });
    }
}
