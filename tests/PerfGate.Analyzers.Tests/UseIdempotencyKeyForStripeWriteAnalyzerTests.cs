using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseIdempotencyKeyForStripeWriteAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseIdempotencyKeyForStripeWriteAnalyzerTests
    {
        /// <summary>What PG2008's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2008", ExampleScaffolds.Sdk + @"
public sealed record PendingOrder(long Id, long Total);

public sealed class Charges
{
    private readonly PaymentIntentService _paymentIntents = new PaymentIntentService(new StripeClient(""sk_test_"" + Environment.MachineName));

    public async Task<string> Run(PendingOrder order)
    {
" + ExampleScaffolds.Marker + @"
        return intent.Id;
    }
}
");

        private const string U = @"using System;
using System.Threading;
using System.Threading.Tasks;
using Stripe;
";

        [Test]
        public Task PaymentWritesWithoutKey_AreReported() => Verify.VerifyAsync(U + @"
public sealed class Payments(PaymentIntentService intents, RefundService refunds)
{
    public async Task PayAsync(long amount, string id)
    {
        await intents.{|#0:CreateAsync(new PaymentIntentCreateOptions { Amount = amount, Currency = ""eur"" })|};
        await intents.{|#1:ConfirmAsync(id, null, null)|};
        refunds.{|#2:Create(new RefundCreateOptions { PaymentIntent = id }, new RequestOptions { StripeAccount = ""acct_1"" })|};
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("PaymentIntentService.CreateAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("PaymentIntentService.ConfirmAsync"),
            Verify.Diagnostic().WithLocation(2).WithArguments("RefundService.Create"));

        [Test]
        public Task KeyedWritesReadsUnknownOptionsAndOtherServices_AreNotReported() => Verify.VerifyAsync(U + @"
public sealed class Payments(PaymentIntentService intents, CustomerService customers)
{
    public async Task PayAsync(long amount, string orderId, RequestOptions fromCaller)
    {
        await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = amount }, new RequestOptions { IdempotencyKey = ""order-"" + orderId });
        await intents.CaptureAsync(orderId, null, fromCaller);
        await intents.GetAsync(orderId);
        await intents.ListAsync(new PaymentIntentListOptions());
        await customers.CreateAsync(new CustomerCreateOptions());
    }
}");

        // Seen in an open-source trial: a thin adapter over the Stripe services, one method per request.
        [Test]
        public Task StripeAdapter_MoneyWritesAreReported_FinalStateTransitionsAndSetupIntentsAreNot() => Verify.VerifyAsync(U + @"
public sealed class StripeAdapter(SubscriptionService subscriptions, InvoiceService invoices, SetupIntentService setupIntents)
{
    public Task<Subscription> CreateSubscriptionAsync(SubscriptionCreateOptions options) => subscriptions.{|#0:CreateAsync(options)|};
    public Task<Invoice> PayInvoiceAsync(string id, InvoicePayOptions options = null) => invoices.{|#1:PayAsync(id, options)|};
    public Task<Subscription> CancelSubscriptionAsync(string id, SubscriptionCancelOptions options = null) => subscriptions.CancelAsync(id, options);
    public Task<Invoice> VoidInvoiceAsync(string id) => invoices.VoidInvoiceAsync(id);
    public Task<Invoice> FinalizeInvoiceAsync(string id) => invoices.FinalizeInvoiceAsync(id);
    public Task<Invoice> SendInvoiceAsync(string id) => invoices.SendInvoiceAsync(id);
    public Task<SetupIntent> CreateSetupIntentAsync(SetupIntentCreateOptions options) => setupIntents.CreateAsync(options);
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("SubscriptionService.CreateAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("InvoiceService.PayAsync"));
    }
}
