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
                "pairs where neither execution loads the rows and one answer cannot give the other: two counts or aggregates with different "
                    + "predicates, `Count` then `First`, `Sum` then `Max` (loading every row to answer both would cost more than the second round trip), "
                    + "unless the method also loads every row of the local (`q.Select(...).ToList()`)",
            },
            Fix = "Materialize once (`var list = await q.ToListAsync();`) and use `list.Count`, `list.Count > 0`, `list[0]` for the other questions. "
                + "When neither execution loads the rows, keep the first answer instead of loading them: the same question twice reuses its result, "
                + "`Count` then `Any` becomes `count > 0`, `Any` then `First` becomes `FirstOrDefault` and a null check.",
            FlaggedExample = "var query = db.Orders.Where(o => o.CustomerId == id);\n"
                + "if (!await query.AnyAsync()) return NotFound();\n"
                + "return Ok(await query.ToListAsync());",
            FixedExample = "var orders = await db.Orders.Where(o => o.CustomerId == id).ToListAsync();\n"
                + "if (orders.Count == 0) return NotFound();\n"
                + "return Ok(orders);",
            Tags = new[] { "performance", "ef-core" },
        };
    }

    /// <summary>
    /// PG1011: the same proven query local is executed twice, one statement after the other
    /// (<c>q.Any()</c> then <c>q.ToList()</c>): two round trips where one would do.
    /// </summary>
    public sealed class DoNotExecuteSameQueryTwiceAnalyzer : PerfGateRule
    {
        public DoNotExecuteSameQueryTwiceAnalyzer()
            : base(DataAccessRules.QueryExecutedTwice)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            rule.Start.RegisterOperationBlockAction(blockContext =>
            {
                foreach (IOperation block in blockContext.OperationBlocks)
                {
                    Analyze(block, ef, rule, blockContext.ReportDiagnostic);
                }
            });
        }

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
                        entry.Key.Name, calls[i].TargetMethod.Name, calls[0].TargetMethod.Name);
                    break;
                }
            }
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
