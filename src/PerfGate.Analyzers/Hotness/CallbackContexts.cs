using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// How a lambda or a method group runs, judged by where it is passed or stored: as a request handler (<c>MapGet</c>, a
    /// lambda taking the <c>HttpContext</c>), a recurring job (<c>RecurringJob.AddOrUpdate</c>, a timer, a Service Bus processor,
    /// a background task), a one-off job (<c>BackgroundJob.Enqueue</c>), a callback of unknown timing (an event handler, a
    /// delegate stored in a field or property, a scoped DI factory, anything registered by startup code), or as part of the
    /// method it sits in (null: LINQ, <c>ForEach</c>, locals, an awaited <c>Task.Run</c>, a singleton factory).
    /// </summary>
    internal sealed class CallbackContexts
    {
        private readonly WellKnownTypes _types;
        private readonly EntryPoints _entries;

        public CallbackContexts(WellKnownTypes types, EntryPoints entries)
        {
            _types = types;
            _entries = entries;
        }

        /// <summary>The entry <paramref name="callback"/> (a lambda, or a method group not invoked) starts, or null when it runs where it is.</summary>
        public EntryPoint? Classify(ExpressionSyntax callback, SemanticModel model)
        {
            EntryPoint? entry = ClassifyUse(callback, model);
            if (entry == null || !(EnclosingMethod(callback, model) is IMethodSymbol member)) return entry;
            // A handler or job registered by a test (a test host mapping endpoints) is test code; endpoints an installer or an
            // import maps serve installation or import requests, as an installation controller's actions do.
            if (_entries.IsTestCode(member)) return new EntryPoint(EntryClass.Test, "test " + EntryPoints.Display(member));
            string? coldName = entry.Class == EntryClass.Request || entry.Class == EntryClass.AdminRequest ? ColdNames.Describe(member) : null;
            return coldName == null ? entry : new EntryPoint(EntryClass.Cold, coldName + " code " + EntryPoints.Display(member) + " (" + entry.Display + ")");
        }

        private EntryPoint? ClassifyUse(ExpressionSyntax callback, SemanticModel model)
        {
            if (callback is AnonymousFunctionExpressionSyntax && model.GetSymbolInfo(callback).Symbol is IMethodSymbol lambda
                && _entries.TakesRequestContext(lambda))
                return new EntryPoint(EntryClass.Request, "request callback in " + EnclosingMember(callback, model));

            SyntaxNode node = callback;
            while (node.Parent is ParenthesizedExpressionSyntax || node.Parent is CastExpressionSyntax) node = node.Parent;
            switch (node.Parent)
            {
                case ArgumentSyntax argument when argument.Parent?.Parent is ExpressionSyntax call:
                    return ForArgument(call, argument, model);
                case AssignmentExpressionSyntax assignment when assignment.Right == node:
                    return ForAssignment(assignment, model);
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax _ } } }:
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax _ }:
                    return Unknown("a delegate stored in a field or property");
                default:
                    return null;
            }
        }

        private EntryPoint? ForArgument(ExpressionSyntax call, ArgumentSyntax argument, SemanticModel model)
        {
            SymbolInfo info = model.GetSymbolInfo(call);
            if (!((info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null)) is IMethodSymbol target)) return null;
            INamedTypeSymbol owner = target.ContainingType;
            string name = target.Name;
            string ns = owner.ContainingNamespace?.ToDisplayString() ?? "";

            if (owner.IsType(_types.EndpointRouteBuilderExtensions) && name.StartsWith("Map", StringComparison.Ordinal)
                && call is InvocationExpressionSyntax map)
                return new EntryPoint(RequiresAdmin(map, model) ? EntryClass.AdminRequest : EntryClass.Request, RequestDisplay.OfMap(map, name));
            if (ParameterOf(target, argument, model)?.Type.Name == "RequestDelegate")
                return new EntryPoint(EntryClass.Request, "middleware in " + EnclosingMember(call, model));
            if (ns == "Hangfire")
            {
                if (name == "AddOrUpdate") return new EntryPoint(EntryClass.Job, "recurring job " + JobName(call, model));
                if (name == "Enqueue" || name == "Schedule" || name == "ContinueJobWith" || name == "ContinueWith" || name == "Create")
                    return new EntryPoint(EntryClass.Cold, "one-off job (" + owner.Name + "." + name + " in " + EnclosingMember(call, model) + ")",
                        EnclosingMethod(call, model));
            }

            if (owner.IsType(_types.ThreadingTimer)) return new EntryPoint(EntryClass.Job, "timer callback in " + EnclosingMember(call, model));
            if (owner.IsType(_types.Thread) || owner.IsType(_types.ThreadPool))
                return new EntryPoint(EntryClass.Job, "background thread started in " + EnclosingMember(call, model));
            if ((owner.IsType(_types.Task) && name == "Run") || (owner.IsType(_types.TaskFactory) && name == "StartNew"))
                return IsDiscarded(call) ? new EntryPoint(EntryClass.Job, "background task started in " + EnclosingMember(call, model)) : null;
            if (ns.StartsWith("Microsoft.Extensions.DependencyInjection", StringComparison.Ordinal))
            {
                if (name.EndsWith("Scoped", StringComparison.Ordinal) || name.EndsWith("Transient", StringComparison.Ordinal))
                    return Unknown("a " + name + " factory");
                if (name.EndsWith("Singleton", StringComparison.Ordinal)) return null; // built once, where it is registered
            }

            if (IsPerElement(owner)) return null;
            // Anything else that startup code hands a delegate keeps it for later: when and how often it runs is unknown.
            return IsInStartupCode(call, model) ? Unknown("a callback registered at startup") : null;
        }

        private EntryPoint? ForAssignment(AssignmentExpressionSyntax assignment, SemanticModel model)
        {
            ISymbol? target = model.GetSymbolInfo(assignment.Left).Symbol;
            if (assignment.IsKind(SyntaxKind.AddAssignmentExpression) && target is IEventSymbol @event)
            {
                INamedTypeSymbol owner = @event.ContainingType;
                if (owner.IsType(_types.TimersTimer) && @event.Name == "Elapsed")
                    return new EntryPoint(EntryClass.Job, "timer callback in " + EnclosingMember(assignment, model));
                if (owner.IsType(_types.ServiceBusProcessor) && @event.Name.StartsWith("Process", StringComparison.Ordinal))
                    return new EntryPoint(EntryClass.Job, "Service Bus processor in " + EnclosingMember(assignment, model));
                return Unknown("an event handler");
            }

            return target is IFieldSymbol || target is IPropertySymbol ? Unknown("a delegate stored in a field or property") : null;
        }

        /// <summary>Synchronous per-element callers: the callback runs inside the call, once per element.</summary>
        private bool IsPerElement(INamedTypeSymbol owner) =>
            owner.IsType(_types.Enumerable) || owner.IsType(_types.ParallelEnumerable) || owner.IsType(_types.Queryable)
            || owner.IsType(_types.ListOfT) || owner.IsType(_types.Array) || owner.IsType(_types.Parallel);

        private static EntryPoint Unknown(string what) => new EntryPoint(EntryClass.Unknown, what);

        private static bool IsInStartupCode(SyntaxNode node, SemanticModel model)
        {
            SyntaxNode? member = node.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax || n is GlobalStatementSyntax);
            if (member is GlobalStatementSyntax) return true;
            return member != null && model.GetDeclaredSymbol(member) is IMethodSymbol method
                && (StartupCode.IsEntryPoint(method) || StartupCode.ConfiguresStartup(method));
        }

        /// <summary><c>Task.Run(...);</c> or <c>_ = Task.Run(...)</c>: started, not waited for.</summary>
        private static bool IsDiscarded(ExpressionSyntax call) =>
            call.Parent is ExpressionStatementSyntax
            || (call.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && discard.Right == call);

        /// <summary><c>.RequireAuthorization("AdminPolicy")</c> chained on the <c>Map*</c> call.</summary>
        private static bool RequiresAdmin(InvocationExpressionSyntax map, SemanticModel model)
        {
            for (SyntaxNode current = map; current.Parent is MemberAccessExpressionSyntax access && access.Parent is InvocationExpressionSyntax chained;
                 current = chained)
            {
                if (access.Name.Identifier.ValueText != "RequireAuthorization") continue;
                foreach (ArgumentSyntax argument in chained.ArgumentList.Arguments)
                {
                    if (model.GetConstantValue(argument.Expression).Value is string policy && AdminRoles.NamesAdmin(policy)) return true;
                }
            }

            return false;
        }

        private static string JobName(ExpressionSyntax call, SemanticModel model)
        {
            if (call is InvocationExpressionSyntax invocation && invocation.ArgumentList.Arguments.Count > 0
                && model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression).Value is string id)
                return "'" + id + "'";
            return "in " + EnclosingMember(call, model);
        }

        private static IParameterSymbol? ParameterOf(IMethodSymbol target, ArgumentSyntax argument, SemanticModel model)
        {
            if (argument.NameColon != null)
            {
                foreach (IParameterSymbol parameter in target.Parameters)
                {
                    if (parameter.Name == argument.NameColon.Name.Identifier.ValueText) return parameter;
                }

                return null;
            }

            if (!(argument.Parent is ArgumentListSyntax list)) return null;
            int index = list.Arguments.IndexOf(argument);
            if (target.Parameters.Length == 0) return null;
            return index < target.Parameters.Length ? target.Parameters[index] : target.Parameters[target.Parameters.Length - 1];
        }

        private static IMethodSymbol? EnclosingMethod(SyntaxNode node, SemanticModel model)
        {
            SyntaxNode? member = node.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax || n is AccessorDeclarationSyntax);
            return member == null ? null : model.GetDeclaredSymbol(member) as IMethodSymbol;
        }

        /// <summary>"OrdersModule.Register", or "top-level statements".</summary>
        internal static string EnclosingMember(SyntaxNode node, SemanticModel model)
        {
            SyntaxNode? member = node.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax && !(n is BaseTypeDeclarationSyntax));
            if (member is GlobalStatementSyntax || member == null) return "top-level statements";
            if (member is BaseFieldDeclarationSyntax field && field.Declaration.Variables.Count > 0) member = field.Declaration.Variables[0];
            ISymbol? symbol = model.GetDeclaredSymbol(member);
            if (symbol is IMethodSymbol method) return IoSummaries.DisplayMethod(method);
            return symbol == null ? "top-level statements" : symbol.ContainingType?.Name + "." + symbol.Name;
        }
    }
}
