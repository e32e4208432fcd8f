using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG2008: a Stripe.net write that moves money (<c>PaymentIntentService.Create/Confirm/Capture</c>,
    /// <c>RefundService.Create</c>, ...) called with no <c>RequestOptions</c>, <c>null</c>, or a
    /// <c>new RequestOptions { ... }</c> that sets no <c>IdempotencyKey</c>. A RequestOptions from anywhere
    /// else (a variable, a helper) is not judged.
    /// </summary>
    public sealed class UseIdempotencyKeyForStripeWriteAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(ExternalCallRules.StripeWriteWithoutIdempotencyKey);

        /// <summary>
        /// Services whose writes create or move money; a retried write there can charge, refund or pay twice.
        /// SetupIntentService is not one: it saves a payment method, a duplicate costs nothing.
        /// </summary>
        private static readonly HashSet<string> MoneyServices = new HashSet<string>(StringComparer.Ordinal)
        {
            "PaymentIntentService", "ChargeService", "RefundService", "PayoutService", "TransferService",
            "SubscriptionService", "InvoiceService", "TopupService", "CreditNoteService",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? requestOptions = start.Compilation.GetTypeByMetadataName("Stripe.RequestOptions");
                if (requestOptions == null) return;
                PolicyOptions policy = PolicyOptions.From(start.Options);
                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (!ExternalSdkCalls.IsStripeServiceRequest(method)) return;
                    if (!IsMoneyService(method.ContainingType) || !IsWrite(method.Name)) return;

                    IArgumentOperation? options = null;
                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        if (argument.Parameter != null && argument.Parameter.Type.IsType(requestOptions)) options = argument;
                    }

                    if (options == null || !LacksKey(options)) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), method.ContainingType.Name + "." + method.Name));
                }, OperationKind.Invocation);
            });
        }

        private static bool IsMoneyService(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (MoneyServices.Contains(current.Name) && current.ContainingNamespace?.ToDisplayString() == "Stripe") return true;
            }

            return false;
        }

        /// <summary>
        /// Requests that are not POSTs (reads, DELETE) or whose repeat Stripe refuses: cancelling, voiding, finalizing,
        /// sending or marking an object uncollectible moves it to a final state once, and a second call fails
        /// without moving money.
        /// </summary>
        private static readonly string[] SafeToRepeatPrefixes =
        {
            "Get", "List", "Search", "Delete", "Upcoming", "CreatePreview", "Cancel", "Void", "Finalize", "Send", "MarkUncollectible",
        };

        private static bool IsWrite(string name)
        {
            foreach (string prefix in SafeToRepeatPrefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal)) return false;
            }

            return true;
        }

        /// <summary>Omitted, <c>null</c>/<c>default</c>, or <c>new RequestOptions { ... }</c> without IdempotencyKey.</summary>
        private static bool LacksKey(IArgumentOperation argument)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue) return true;
            IOperation value = argument.Value.WithoutConversions();
            if (value is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } || value is IDefaultValueOperation) return true;
            if (!(value is IObjectCreationOperation creation)) return false;
            if (creation.Initializer == null) return true;
            foreach (IOperation initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } && property.Property.Name == "IdempotencyKey") return false;
            }

            return true;
        }
    }
}
