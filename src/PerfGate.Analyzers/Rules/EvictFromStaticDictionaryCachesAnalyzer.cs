using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG3002 (static dictionaries): a <c>static</c> <c>Dictionary</c>/<c>ConcurrentDictionary</c> written under a
    /// computed key from a request path, that nothing in the compilation ever evicts from: a cache that only grows.
    /// </summary>
    public sealed class EvictFromStaticDictionaryCachesAnalyzer : PerfGateRule
    {
        private static readonly HashSet<string> Writes = new HashSet<string>(StringComparer.Ordinal) { "Add", "TryAdd", "GetOrAdd", "AddOrUpdate" };

        private static readonly HashSet<string> Evictions = new HashSet<string>(StringComparer.Ordinal) { "Remove", "TryRemove", "Clear" };

        public EvictFromStaticDictionaryCachesAnalyzer()
            : base(CachingRules.UnboundedCache)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? dictionary = rule.Types.DictionaryOfTKeyTValue;
            INamedTypeSymbol? concurrent = rule.Types.ConcurrentDictionaryOfTKeyTValue;
            INamedTypeSymbol? memberInfo = rule.Types.MemberInfo;
            RequestPaths requests = rule.Services.RequestPaths;
            var managedFields = new Lazy<HashSet<string>>(() => FieldNamesManagedElsewhere(compilation), LazyThreadSafetyMode.ExecutionAndPublication);

            void Check(OperationAnalysisContext operationContext, IOperation write, IOperation? receiver, IOperation? key, string name)
            {
                if (!(receiver?.WithoutConversions() is IFieldReferenceOperation { Field: { IsStatic: true } field })) return;
                if (!(field.Type is INamedTypeSymbol type) || !(type.OriginalDefinition.IsType(dictionary) || type.OriginalDefinition.IsType(concurrent)))
                    return;
                if (field.DeclaringSyntaxReferences.IsEmpty || key == null || key.ConstantValue.HasValue) return;
                if (IsBoundedByTheProgram(type.TypeArguments[0], memberInfo) || IsBoundedByTheProgram(type.TypeArguments[1], memberInfo)) return;
                if (IsLock(type.TypeArguments[1])) return; // a lock per entity: expiring it while held would break mutual exclusion
                if (!(operationContext.ContainingSymbol is IMethodSymbol method) || method.MethodKind == MethodKind.StaticConstructor) return;
                if (InsideLambda(write) || !requests.IsInRequestPath(method)) return;
                if (ReadsCount(write, field) || managedFields.Value.Contains(field.Name)) return;
                string path = requests.IsHandler(method)
                    ? "request handler '" + IoSummaries.DisplayMethod(method) + "'"
                    : "'" + IoSummaries.DisplayMethod(method) + "', reached from a request handler";
                rule.Report(operationContext.ReportDiagnostic, write.Syntax.GetLocation(), name,
                    "adds to the static dictionary '" + field.Name + "' under a computed key in " + path
                        + ", and nothing in the compilation removes from it (no Remove, TryRemove or Clear)",
                    "use IMemoryCache with an expiration (or HybridCache), or evict entries");
            }

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                if (!Writes.Contains(invocation.TargetMethod.Name)) return;
                IOperation? key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
                Check(operationContext, invocation, invocation.Instance, key, invocation.TargetMethod.Name);
            }, OperationKind.Invocation);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var assignment = (ISimpleAssignmentOperation)operationContext.Operation;
                if (!(assignment.Target is IPropertyReferenceOperation { Property: { IsIndexer: true } } indexer)) return;
                Check(operationContext, assignment, indexer.Instance, indexer.Arguments.FirstOrDefault()?.Value, "this[]");
            }, OperationKind.SimpleAssignment);
        }

        /// <summary>
        /// Keys or values that are enums, booleans, or reflection objects (<c>Type</c>, <c>MethodInfo</c>, arrays of them):
        /// a reflection or type-name lookup holds at most one entry per thing in the program (in the OSS trial, Jellyfin's
        /// <c>BaseItemMapper._typeMap</c>, type name → <c>Type</c>).
        /// </summary>
        private static bool IsBoundedByTheProgram(ITypeSymbol type, INamedTypeSymbol? memberInfo)
        {
            if (type is IArrayTypeSymbol array) type = array.ElementType;
            return type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Boolean || type.InheritsFromOrEquals(memberInfo);
        }

        /// <summary>
        /// A synchronization primitive (<c>SemaphoreSlim</c>, <c>Mutex</c>, <c>ReaderWriterLockSlim</c>, <c>Lock</c>, a wait handle, or a plain
        /// <c>object</c> to <c>lock</c> on): a map of locks per entity is not a cache, and the usual advice (expire entries) would evict a lock while
        /// it is held and let two callers in at once.
        /// </summary>
        private static bool IsLock(ITypeSymbol value)
        {
            if (value.SpecialType == SpecialType.System_Object) return true;
            for (ITypeSymbol? type = value; type != null; type = type.BaseType)
            {
                string? ns = type.ContainingNamespace?.ToDisplayString();
                if (ns == "System.Threading" && (type.Name == "SemaphoreSlim" || type.Name == "Semaphore" || type.Name == "Mutex"
                    || type.Name == "ReaderWriterLockSlim" || type.Name == "Lock" || type.Name == "WaitHandle"))
                    return true;
            }

            return value.Name.IndexOf("Lock", StringComparison.Ordinal) >= 0; // AsyncLock, AsyncReaderWriterLock of Nito and friends
        }

        /// <summary>Writes in lambdas run whenever the lambda does (a factory, a callback): not placed on a request path.</summary>
        private static bool InsideLambda(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation) return true;
            }

            return false;
        }

        /// <summary>The writing method reads the dictionary's <c>Count</c>: a bounded cache.</summary>
        private static bool ReadsCount(IOperation write, IFieldSymbol field)
        {
            IOperation root = write.OperationRoot();
            return root.Descendants().OfType<IPropertyReferenceOperation>().Any(property =>
                property.Property.Name == "Count" && property.Instance?.WithoutConversions() is IFieldReferenceOperation counted
                && SymbolEqualityComparer.Default.Equals(counted.Field, field));
        }

        /// <summary>
        /// Names of members that some code evicts from (<c>x.Remove(...)</c>, <c>TryRemove</c>, <c>Clear</c>), reassigns
        /// (<c>x = new ...</c>) or hands to a call (it may evict there). One syntactic pass, on the first candidate write.
        /// </summary>
        private static HashSet<string> FieldNamesManagedElsewhere(Compilation compilation)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                            when Evictions.Contains(access.Name.Identifier.ValueText):
                            AddName(access.Expression, names);
                            break;
                        case AssignmentExpressionSyntax assignment:
                            AddName(assignment.Left, names);
                            break;
                        case ArgumentSyntax argument:
                            AddName(argument.Expression, names);
                            break;
                    }
                }
            }

            return names;
        }

        private static void AddName(ExpressionSyntax expression, HashSet<string> names)
        {
            switch (expression)
            {
                case IdentifierNameSyntax identifier:
                    names.Add(identifier.Identifier.ValueText);
                    break;
                case MemberAccessExpressionSyntax access:
                    names.Add(access.Name.Identifier.ValueText);
                    break;
            }
        }
    }
}
