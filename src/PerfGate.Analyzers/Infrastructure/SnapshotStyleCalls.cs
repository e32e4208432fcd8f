using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Key, index and foreign-key calls written the way EF Core writes migration snapshots and designers, read without binding:
    /// <c>modelBuilder.Entity("Shop.Order", b =&gt; { b.HasIndex("CustomerId"); b.HasOne("Shop.Customer", "Customer").WithMany().HasForeignKey("CustomerId"); })</c>,
    /// a statement of a method whose <c>ModelBuilder</c> parameter is EF Core's. Every argument is a string literal and every builder
    /// is EF Core's non-generic one, so each call binds to EF Core's own instance method and its entity is the one <c>Entity</c>
    /// names: what <see cref="EfIndexModel"/> learns by binding, without binding the whole model once per migration (a solution
    /// with 25 migrations has 25 copies of it; measured in docs/performance.md). Any other shape gets null, and the caller binds.
    /// </summary>
    internal sealed class SnapshotStyleCalls
    {
        private const string ModelBuilderType = "Microsoft.EntityFrameworkCore.ModelBuilder";

        private readonly Func<SemanticModel> _model;
        private readonly Dictionary<ParameterSyntax, bool> _modelBuilders = new Dictionary<ParameterSyntax, bool>();

        /// <param name="model">The tree's model, asked for only to resolve a parameter's declared type (no body is bound).</param>
        public SnapshotStyleCalls(Func<SemanticModel> model) => _model = model;

        /// <summary>The entity name <paramref name="call"/> configures, when it has the snapshot shape; else null.</summary>
        public string? EntityOf(InvocationExpressionSyntax call, MemberAccessExpressionSyntax access)
        {
            if (!(access.Name is IdentifierNameSyntax) || call.ArgumentList.Arguments.Count == 0 || !AllStringLiterals(call.ArgumentList)) return null;
            bool relationship = access.Name.Identifier.ValueText == "HasForeignKey" || access.Name.Identifier.ValueText == "HasPrincipalKey";
            IdentifierNameSyntax? builder = relationship ? RelationshipRoot(access.Expression) : access.Expression as IdentifierNameSyntax;
            if (builder == null) return null;

            // An expression statement of the block of the lambda whose one parameter is the builder (nothing in between can shadow it) ...
            ExpressionStatementSyntax? statement = call.FirstAncestorOrSelf<ExpressionStatementSyntax>();
            if (!(statement?.Parent is BlockSyntax { Parent: LambdaExpressionSyntax lambda }) || LambdaParameter(lambda) != builder.Identifier.ValueText)
                return null;
            foreach (SyntaxNode between in call.Ancestors())
            {
                if (between == statement) break;
                if (between is AnonymousFunctionExpressionSyntax) return null; // its parameter may shadow the builder's name
            }

            // ... passed as the second of two arguments to modelBuilder.Entity("Name", b => ...), itself a statement of the method's body.
            if (!(lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 2 } arguments } lambdaArgument)
                || arguments.Arguments[1] != lambdaArgument
                || !(arguments.Parent is InvocationExpressionSyntax entity)
                || !(entity.Expression is MemberAccessExpressionSyntax
                    { Name: IdentifierNameSyntax { Identifier.ValueText: "Entity" }, Expression: IdentifierNameSyntax modelBuilder })
                || !(arguments.Arguments[0].Expression is LiteralExpressionSyntax name) || !name.IsKind(SyntaxKind.StringLiteralExpression)
                || !(entity.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Parent: MethodDeclarationSyntax method } }))
                return null;

            // The bound reading takes the nearest enclosing Entity(...) call: it must be this one.
            foreach (InvocationExpressionSyntax outer in call.Ancestors().OfType<InvocationExpressionSyntax>())
            {
                if (outer.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Entity" } && outer.ArgumentList.Arguments.Count > 0)
                {
                    if (outer != entity) return null;
                    break;
                }
            }

            return IsEfModelBuilder(method, modelBuilder.Identifier.ValueText) ? name.Token.ValueText : null;
        }

        /// <summary>The value of the first argument (the caller checked it is a string literal).</summary>
        public static string FirstString(InvocationExpressionSyntax call) =>
            ((LiteralExpressionSyntax)call.ArgumentList.Arguments[0].Expression).Token.ValueText;

        private static bool AllStringLiterals(ArgumentListSyntax arguments)
        {
            foreach (ArgumentSyntax argument in arguments.Arguments)
            {
                if (argument.NameColon != null || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                    || !(argument.Expression is LiteralExpressionSyntax literal) || !literal.IsKind(SyntaxKind.StringLiteralExpression))
                    return false;
            }

            return true;
        }

        /// <summary><c>b</c> of <c>b.HasOne(..).WithMany(..)</c>, <c>b.HasOne(..).WithOne(..)</c> or <c>b.HasMany(..).WithOne(..)</c>, all arguments string literals.</summary>
        private static IdentifierNameSyntax? RelationshipRoot(ExpressionSyntax receiver)
        {
            if (!(receiver is InvocationExpressionSyntax with) || !AllStringLiterals(with.ArgumentList)
                || !(with.Expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax withName } withAccess)
                || !(withAccess.Expression is InvocationExpressionSyntax has) || has.ArgumentList.Arguments.Count == 0 || !AllStringLiterals(has.ArgumentList)
                || !(has.Expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax hasName, Expression: IdentifierNameSyntax root }))
                return null;
            string pair = hasName.Identifier.ValueText + "." + withName.Identifier.ValueText;
            return pair == "HasOne.WithMany" || pair == "HasOne.WithOne" || pair == "HasMany.WithOne" ? root : null;
        }

        private static string? LambdaParameter(LambdaExpressionSyntax lambda) => lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized
                when parenthesized.ParameterList.Parameters[0].Type == null => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
            _ => null,
        };

        private bool IsEfModelBuilder(MethodDeclarationSyntax method, string name)
        {
            foreach (ParameterSyntax parameter in method.ParameterList.Parameters)
            {
                if (parameter.Identifier.ValueText != name) continue;
                if (parameter.Type == null) return false;
                if (!_modelBuilders.TryGetValue(parameter, out bool isEf))
                {
                    isEf = _model().GetSymbolInfo(parameter.Type).Symbol is INamedTypeSymbol type && type.ToDisplayString() == ModelBuilderType;
                    _modelBuilders[parameter] = isEf;
                }

                return isEf;
            }

            return false;
        }
    }
}
