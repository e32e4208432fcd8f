using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class ExternalCallRules
    {
        public static readonly RuleMetadata StripeWriteWithoutIdempotencyKey = new RuleMetadata
        {
            Id = RuleIdentifiers.StripeWriteWithoutIdempotencyKey,
            Title = "Stripe payment write without an idempotency key",
            MessageFormat = "'{0}' moves money without RequestOptions.IdempotencyKey: when the caller retries (a timeout, a job rerun, a double submit) "
                + "Stripe performs it again; pass a key derived from the business operation",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "Stripe performs a POST once per idempotency key. Stripe.net adds a random key to its own network retries, but that key is new on "
                + "every call: a retry by your code (Polly, a queue redelivery, a user clicking twice after a timeout) creates a second charge, refund or "
                + "payout. A key derived from the operation (`order-{id}-charge`) makes the retry safe. Precision is medium: a caller may prevent duplicates "
                + "another way (a unique constraint checked before the call).",
            Flags = new[]
            {
                "writes (every request method but `Get*`, `List*`, `Search*`, `Delete*`, previews and the final-state transitions below) of the Stripe.net "
                    + "services that create or move money: `PaymentIntentService`, `ChargeService`, `RefundService`, `PayoutService`, `TransferService`, "
                    + "`SubscriptionService`, `InvoiceService`, `TopupService`, `CreditNoteService`",
                "when the `RequestOptions` argument is omitted, `null`/`default`, or `new RequestOptions { ... }` that does not set `IdempotencyKey`",
            },
            Ignores = new[]
            {
                "a `RequestOptions` built elsewhere (a variable, a field, a helper's result): it may carry a key",
                "other Stripe services (customers, products, prices): a duplicate there costs no money",
                "reads and deletes (idempotent by definition), and `Cancel*`, `Void*`, `Finalize*`, `Send*`, `MarkUncollectible*`: they move an object to a "
                    + "final state once, and Stripe refuses a repeat without moving money",
                "`SetupIntentService`: it saves a payment method for later, a duplicate moves no money",
            },
            Fix = "Pass `new RequestOptions { IdempotencyKey = $\"order-{order.Id}-payment\" }` (a key stable across retries of the same operation).",
            FlaggedExample = "var intent = await _paymentIntents.CreateAsync(new PaymentIntentCreateOptions { Amount = order.Total, Currency = \"eur\" });",
            FixedExample = "var intent = await _paymentIntents.CreateAsync(\n"
                + "    new PaymentIntentCreateOptions { Amount = order.Total, Currency = \"eur\" },\n"
                + "    new RequestOptions { IdempotencyKey = $\"order-{order.Id}-payment\" });",
            Tags = new[] { "reliability", "stripe", "payments" },
        };
    }

    /// <summary>
    /// PG2008: a Stripe.net write that moves money (<c>PaymentIntentService.Create/Confirm/Capture</c>,
    /// <c>RefundService.Create</c>, ...) called with no <c>RequestOptions</c>, <c>null</c>, or a
    /// <c>new RequestOptions { ... }</c> that sets no <c>IdempotencyKey</c>. A RequestOptions from anywhere
    /// else (a variable, a helper) is not judged.
    /// </summary>
    public sealed class UseIdempotencyKeyForStripeWriteAnalyzer : PerfGateRule
    {
        /// <summary>
        /// Services whose writes create or move money; a retried write there can charge, refund or pay twice.
        /// SetupIntentService is not one: it saves a payment method, a duplicate costs nothing.
        /// </summary>
        private static readonly HashSet<string> MoneyServices = new HashSet<string>(StringComparer.Ordinal)
        {
            "PaymentIntentService", "ChargeService", "RefundService", "PayoutService", "TransferService",
            "SubscriptionService", "InvoiceService", "TopupService", "CreditNoteService",
        };

        public UseIdempotencyKeyForStripeWriteAnalyzer()
            : base(ExternalCallRules.StripeWriteWithoutIdempotencyKey)
        {
        }

        internal override void Start(RuleContext rule)
        {
            INamedTypeSymbol? requestOptions = rule.Types.StripeRequestOptions;
            if (requestOptions == null) return;
            rule.Start.RegisterOperationAction(operationContext =>
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
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax),
                    method.ContainingType.Name + "." + method.Name);
            }, OperationKind.Invocation);
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
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } && property.Property.Name == "IdempotencyKey")
                    return false;
            }

            return true;
        }
    }
}
