using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata QueryExecutedTwice = new RuleMetadata
        {
            Id = RuleIdentifiers.QueryExecutedTwice,
            Title = "The same EF Core query or lazy file-system sequence run twice",
            MessageFormat = "'{0}' is run again by '{1}' after '{2}' already ran it: {3}",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A local holding a proven EF Core query is executed by one operator and then, in a later statement of the same block, by another "
                + "(`q.Any()` then `q.ToList()`, `q.Count()` then `q.ToList()`, or `q.ToList()` twice). Each execution is a round trip. Materialize once and "
                + "answer the other question from the list; the first execution is attached as a related location. The same holds for a lazy "
                + "sequence that reads the file system each time it is enumerated (`Directory.EnumerateFiles`, `DirectoryInfo.EnumerateFileSystemInfos`, "
                + "`File.ReadLines`, directly or through the app's own file-system wrapper): `files.Count()` then `foreach (var f in files)` lists the "
                + "folder twice.",
            Flags = new[]
            {
                "two executions (`ToList[Async]`, `Any[Async]`, `Count[Async]`, `First*`, ...) whose receiver is the same local holding a proven query, where "
                    + "the second is in a later statement of the block that holds the first one's statement, and the local is not reassigned in between",
                "two enumerations (`Count()`, `ToList()`, `Sum(...)`, `foreach`, `Any()`, `First()`, ...; at least one that reads every element) of a "
                    + "local `IEnumerable<T>` every assignment of which is a lazy file-system sequence: `Directory`/`DirectoryInfo.Enumerate*`, "
                    + "`File.ReadLines`, deferred LINQ to objects over one (`Where`, `Select`, `OrderBy`, ...), or a call of a source method returning "
                    + "`IEnumerable<T>` whose every implementation returns one (followed five calls deep, through the arguments it composes), where the "
                    + "second runs in a later statement after the first, which is not in a branch of its own statement",
            },
            Ignores = new[]
            {
                "executions of different queries built from the local (`q.Count()` then `q.Skip(n).Take(m).ToList()`: counting and paging is the normal "
                    + "pattern)",
                "executions in different branches, in lambdas or local functions, or in a loop the first is not in (the second may not run, or PG1001 applies)",
                "a local reassigned between the executions (`q = q.Where(...)`)",
                "locals of unknown provenance (parameters, fields, repository results)",
                "file-system sequences that are materialized (`ToList()`, arrays: the fix), come from iterators (`yield return`), from an interface "
                    + "one of whose implementations returns a collection (a cached listing), or from a parameter; `Any()` then `First()` (both stop at "
                    + "the first entry); enumerations inside lambdas",
                "pairs where neither execution loads the rows and one answer cannot give the other: two counts or aggregates with different "
                    + "predicates, `Count` then `First`, `Sum` then `Max` (loading every row to answer both would cost more than the second round trip), "
                    + "unless the method also loads every row of the local (`q.Select(...).ToList()`)",
            },
            Fix = "Materialize once (`var list = await q.ToListAsync();`) and use `list.Count`, `list.Count > 0`, `list[0]` for the other questions. "
                + "When neither execution loads the rows, keep the first answer instead of loading them: the same question twice reuses its result, "
                + "`Count` then `Any` becomes `count > 0`, `Any` then `First` becomes `FirstOrDefault` and a null check. For a lazy file-system sequence, list it once "
                + "(`var files = fileSystem.GetFiles(dir).ToList();`) and count and loop over the list.",
            FlaggedExample = "var query = db.Orders.Where(o => o.CustomerId == id);\n"
                + "if (!await query.AnyAsync()) return NotFound();\n"
                + "return Ok(await query.ToListAsync());",
            FixedExample = "var orders = await db.Orders.Where(o => o.CustomerId == id).ToListAsync();\n"
                + "if (orders.Count == 0) return NotFound();\n"
                + "return Ok(orders);",
            Tags = new[] { "performance", "ef-core", "file-system" },
        };
    }

    /// <summary>
    /// PG1011: the same proven query local is executed twice, one statement after the other
    /// (<c>q.Any()</c> then <c>q.ToList()</c>): two round trips where one would do; or a lazy file-system
    /// sequence enumerated twice (<c>files.Count()</c> then <c>foreach</c>): the folder is listed twice.
    /// </summary>
    public sealed class DoNotExecuteSameQueryTwiceAnalyzer : PerfGateRule
    {
        public DoNotExecuteSameQueryTwiceAnalyzer()
            : base(DataAccessRules.QueryExecutedTwice)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfExecution? ef = rule.Services.Ef == null ? null : rule.Services.EfExecution;
            Compilation compilation = rule.Compilation;
            // Lazy file-system sequences start at a streaming listing or ReadLines written somewhere in this compilation.
            var listsFiles = new System.Lazy<bool>(() => System.Linq.Enumerable.Any(compilation.SyntaxTrees, tree =>
            {
                string text = TreeText.Of(tree);
                return text.Contains(".Enumerate") || text.Contains("ReadLines(");
            }), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            if (ef == null && !listsFiles.Value) return;
            rule.Start.RegisterOperationBlockAction(blockContext =>
            {
                foreach (IOperation block in blockContext.OperationBlocks)
                {
                    if (listsFiles.Value) AnalyzeLazyIo(block, rule, blockContext.ReportDiagnostic);
                    if (ef != null) Analyze(block, ef, rule, blockContext.ReportDiagnostic);
                }
            });
        }

        private const string DatabaseRoundTrip = "a second database round trip for the same rows";
        private const string FileSystemAgain = "the lazy sequence lists the folder or reads the file again: materialize it once with ToList()";

        private static void Analyze(IOperation block, EfExecution ef, RuleContext rule, System.Action<Diagnostic> report)
        {
            // Executions whose receiver is the local itself, in this function (not in nested lambdas or local functions).
            var executions = new Dictionary<ILocalSymbol, List<IInvocationOperation>>(SymbolEqualityComparer.Default);
            var assignments = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            Walk(block, executions, assignments, ef);

            foreach (KeyValuePair<ILocalSymbol, List<IInvocationOperation>> entry in executions)
            {
                List<IInvocationOperation> calls = entry.Value;
                if (calls.Count < 2) continue;
                if (ef.IsInsideExpressionTree(calls[0])) continue;
                if (ef.Provenance.Classify(calls[0].GetReceiver()!) != QueryProvenance.Proven) continue;
                assignments.TryGetValue(entry.Key, out List<IOperation>? writes);
                for (int i = 1; i < calls.Count; i++)
                {
                    if (!RunsAfter(calls[0], calls[i], out _)) continue;
                    if (!OneAnswerServesBoth(calls[0], calls[i]) && !LoadsEveryRowElsewhere(block, entry.Key)) continue;
                    if (writes != null && writes.Exists(write => write.Syntax.SpanStart > calls[0].Syntax.SpanStart
                        && write.Syntax.SpanStart < calls[i].Syntax.SpanStart))
                        continue; // reassigned in between: another query
                    rule.Report(report, DiagnosticLocations.ForInvocation(calls[i].Syntax),
                        new[] { DiagnosticLocations.ForInvocation(calls[0].Syntax) },
                        entry.Key.Name, calls[i].TargetMethod.Name, calls[0].TargetMethod.Name, DatabaseRoundTrip);
                    break;
                }
            }
        }

        /// <summary>LINQ to objects operators that enumerate their source now.</summary>
        private static readonly ImmutableHashSet<string> Enumerating = ImmutableHashSet.Create(
            "Count", "LongCount", "Any", "All", "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault", "ElementAt",
            "ElementAtOrDefault", "Contains", "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup", "Sum", "Min", "Max", "MinBy", "MaxBy",
            "Average", "Aggregate", "SequenceEqual");

        /// <summary>Of those, the ones that always read every element (<c>Any</c> and <c>First</c> may stop at the first).</summary>
        private static readonly ImmutableHashSet<string> EnumeratingAll = ImmutableHashSet.Create(
            "Count", "LongCount", "Last", "LastOrDefault", "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup", "Sum", "Min", "Max",
            "MinBy", "MaxBy", "Average", "Aggregate");

        /// <summary>
        /// A local holding a lazy file-system sequence (<see cref="LazyIoSequences"/>) enumerated by two operations, the second in a later
        /// statement (<c>files.Count() &gt; 1</c> then <c>foreach (var f in files)</c>), at least one of which reads every element.
        /// </summary>
        private static void AnalyzeLazyIo(IOperation block, RuleContext rule, System.Action<Diagnostic> report)
        {
            var enumerations = new Dictionary<ILocalSymbol, List<(IOperation Operation, IOperation Reference, string Name)>>(SymbolEqualityComparer.Default);
            foreach (IOperation node in block.Descendants())
            {
                if (!(node is ILocalReferenceOperation reference) || InsideFunction(reference, block)) continue;
                if (reference.Local.Type.OriginalDefinition.SpecialType != SpecialType.System_Collections_Generic_IEnumerable_T) continue;
                IOperation use = reference;
                while (use.Parent is IConversionOperation) use = use.Parent;
                (IOperation, IOperation, string)? enumeration = use.Parent switch
                {
                    IForEachLoopOperation loop when ReferenceEquals(loop.Collection, use) => (loop, reference, "foreach"),
                    IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation call } when call.TargetMethod.IsExtensionMethod
                        && call.TargetMethod.ContainingType.IsType(rule.Types.Enumerable) && Enumerating.Contains(call.TargetMethod.Name)
                        => (call, reference, call.TargetMethod.Name),
                    _ => null,
                };
                if (enumeration is (IOperation, IOperation, string) found) Add(enumerations, reference.Local, found);
            }

            foreach (KeyValuePair<ILocalSymbol, List<(IOperation Operation, IOperation Reference, string Name)>> entry in enumerations)
            {
                List<(IOperation Operation, IOperation Reference, string Name)> uses = entry.Value;
                if (uses.Count < 2 || !LazyIoSequences.For(rule.Compilation).IsLazyIo(uses[0].Reference)) continue;
                for (int i = 1; i < uses.Count; i++)
                {
                    if (!IsFull(uses[0].Name) && !IsFull(uses[i].Name)) continue;
                    if (!RunsAfter(uses[0].Operation, uses[i].Operation, out _) || !RunsWithItsStatement(uses[0].Operation)) continue;
                    if (AssignedBetween(block, entry.Key, uses[0].Operation, uses[i].Operation)) continue;
                    rule.Report(report, Location(uses[i]), new[] { Location(uses[0]) }, entry.Key.Name, uses[i].Name, uses[0].Name, FileSystemAgain);
                    break;
                }
            }
        }

        /// <summary>Not in a branch of its statement (<c>if (all) return files.Count();</c> runs only sometimes, and then nothing after it).</summary>
        private static bool RunsWithItsStatement(IOperation operation)
        {
            for (IOperation current = operation; current.Parent != null && !(current.Parent is IBlockOperation); current = current.Parent)
            {
                if (current.Parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, current)) return false;
                if (current.Parent is ISwitchCaseOperation || current.Parent is ICoalesceOperation { WhenNull: var whenNull } && ReferenceEquals(whenNull, current)
                    || current.Parent is IConditionalAccessOperation access && ReferenceEquals(access.WhenNotNull, current))
                    return false;
            }

            return true;
        }

        private static bool IsFull(string name) => name == "foreach" || EnumeratingAll.Contains(name);

        private static Location Location((IOperation Operation, IOperation Reference, string Name) use) =>
            use.Operation is IInvocationOperation call ? DiagnosticLocations.ForInvocation(call.Syntax) : use.Reference.Syntax.GetLocation();

        private static bool AssignedBetween(IOperation block, ILocalSymbol local, IOperation first, IOperation second)
        {
            foreach (IOperation node in block.Descendants())
            {
                if (node is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, local)
                    && node.Syntax.SpanStart > first.Syntax.SpanStart && node.Syntax.SpanStart < second.Syntax.SpanStart)
                    return true;
            }

            return false;
        }

        private static bool InsideFunction(IOperation operation, IOperation block)
        {
            for (IOperation? current = operation.Parent; current != null && !ReferenceEquals(current, block); current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation) return true;
            }

            return false;
        }

        // Operators that load every row: the other question is answered from the list at no extra cost.
        private static readonly ImmutableHashSet<string> LoadsRows = ImmutableHashSet.Create(
            "ToList", "ToListAsync", "ToArray", "ToArrayAsync", "ToDictionary", "ToDictionaryAsync", "ToHashSet", "ToHashSetAsync", "ToLookup",
            "Load", "LoadAsync");

        private static readonly ImmutableHashSet<string> Existence = ImmutableHashSet.Create("Any", "Count", "LongCount");
        private static readonly ImmutableHashSet<string> FirstRow = ImmutableHashSet.Create(
            "First", "FirstOrDefault", "Single", "SingleOrDefault");

        /// <summary>
        /// Materializing once helps only when one execution loads the rows anyway, or when both ask the rows of the local itself (no
        /// predicate or selector) a question one answer settles: the same one twice, existence and count, existence and the first row.
        /// </summary>
        private static bool OneAnswerServesBoth(IInvocationOperation first, IInvocationOperation second)
        {
            string a = Operator(first), b = Operator(second);
            if (LoadsRows.Contains(a) || LoadsRows.Contains(b)) return true;
            if (HasOperand(first) || HasOperand(second)) return false;
            if (a == b) return true;
            bool anyA = a == "Any", anyB = b == "Any";
            return (anyA && (Existence.Contains(b) || FirstRow.Contains(b))) || (anyB && (Existence.Contains(a) || FirstRow.Contains(a)));
        }

        /// <summary>
        /// The method also loads every row of the local through a shaping chain (<c>countries.Select(x =&gt; new Item(...)).ToList()</c>):
        /// materializing the local once answers that and the other questions (SimplCommerce's address form asks Any, the list, then
        /// FirstOrDefault by id).
        /// </summary>
        private static bool LoadsEveryRowElsewhere(IOperation block, ILocalSymbol local)
        {
            foreach (IOperation operation in block.Descendants())
            {
                if (!(operation is IInvocationOperation load) || !LoadsRows.Contains(load.TargetMethod.Name)) continue;
                IOperation? receiver = load.GetReceiver()?.WithoutConversions();
                while (receiver is IInvocationOperation shaping && RowPreserving.Contains(shaping.TargetMethod.Name))
                    receiver = shaping.GetReceiver()?.WithoutConversions();
                if (receiver is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)) return true;
            }

            return false;
        }

        // Operators that keep every row of the query (they shape or order it, but filter and page nothing).
        private static readonly ImmutableHashSet<string> RowPreserving = ImmutableHashSet.Create(
            "Select", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "AsNoTracking", "AsTracking", "Include", "ThenInclude");

        private static string Operator(IInvocationOperation call)
        {
            string name = call.TargetMethod.Name;
            return name.EndsWith("Async", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Async".Length) : name;
        }

        /// <summary>A predicate, selector, element or index: the call asks something of the rows, not about the rows themselves.</summary>
        private static bool HasOperand(IInvocationOperation call)
        {
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter == null || argument.Parameter.Ordinal == 0
                    || argument.ArgumentKind == ArgumentKind.DefaultValue) continue; // 0: the query
                if (argument.Parameter.Type.Name == "CancellationToken") continue;
                return true;
            }

            return false;
        }

        private static void Walk(IOperation operation, Dictionary<ILocalSymbol, List<IInvocationOperation>> executions,
            Dictionary<ILocalSymbol, List<IOperation>> assignments, EfExecution ef)
        {
            foreach (IOperation child in operation.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation || child is ILocalFunctionOperation) continue;
                if (child is IInvocationOperation invocation
                    && EfApi.QueryExecutingMethods.Contains(invocation.TargetMethod.Name)
                    && invocation.TargetMethod.IsExtensionMethod
                    && invocation.GetReceiver()?.WithoutConversions() is ILocalReferenceOperation local
                    && ef.Provenance.IsQueryable(local.Type))
                {
                    Add(executions, local.Local, invocation);
                }

                if (child is IAssignmentOperation assignment && assignment.Target is ILocalReferenceOperation target)
                    Add(assignments, target.Local, assignment);
                Walk(child, executions, assignments, ef);
            }
        }

        private static void Add<T>(Dictionary<ILocalSymbol, List<T>> map, ILocalSymbol key, T value)
        {
            if (!map.TryGetValue(key, out List<T>? list)) map[key] = list = new List<T>();
            list.Add(value);
        }

        /// <summary>
        /// The second call sits in a later statement of the block that directly holds the first call's
        /// statement (so whenever the second runs, the first ran before it), and neither is in a loop
        /// that the other is not in.
        /// </summary>
        private static bool RunsAfter(IOperation first, IOperation second, out IBlockOperation? block)
        {
            block = null;
            IOperation statement = first;
            while (statement.Parent != null && !(statement.Parent is IBlockOperation)) statement = statement.Parent;
            if (!(statement.Parent is IBlockOperation parentBlock)) return false;
            block = parentBlock;
            for (IOperation? current = second.Parent; current != null; current = current.Parent)
            {
                if (current is ILoopOperation) return false;
                if (ReferenceEquals(current, parentBlock))
                {
                    int firstIndex = parentBlock.Operations.IndexOf(statement);
                    IOperation secondStatement = second;
                    while (!ReferenceEquals(secondStatement.Parent, parentBlock)) secondStatement = secondStatement.Parent!;
                    return parentBlock.Operations.IndexOf(secondStatement) > firstIndex;
                }
            }

            return false;
        }
    }
}
