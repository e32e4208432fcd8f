using OpenAI.Chat;
using Stripe;

namespace Payments.Services;

/// <summary>The support dashboard of one customer: profile, recent payments and a suggested greeting.</summary>
public sealed class CustomerDashboard(IStripeClient stripe, ChatClient chat)
{
    private readonly CustomerService _customers = new(stripe);
    private readonly PaymentIntentService _payments = new(stripe);

    /// <summary>Three independent reads awaited one after the other: their latencies add up.</summary>
    public async Task<Dashboard> GetSerialAsync(string customerId, CancellationToken ct)
    {
        var customer = await _customers.GetAsync(customerId, cancellationToken: ct); // PerfGate PG2003
        var payments = await _payments.ListAsync(new PaymentIntentListOptions { Customer = customerId, Limit = 5 }, cancellationToken: ct);
        var greeting = await chat.CompleteChatAsync([new UserChatMessage(GreetingPrompt)], cancellationToken: ct);
        return Build(customer, payments, greeting);
    }

    /// <summary>Clean: the three requests overlap; the dashboard waits for the slowest only.</summary>
    public async Task<Dashboard> GetConcurrentAsync(string customerId, CancellationToken ct)
    {
        var customerTask = _customers.GetAsync(customerId, cancellationToken: ct);
        var paymentsTask = _payments.ListAsync(new PaymentIntentListOptions { Customer = customerId, Limit = 5 }, cancellationToken: ct);
        var greetingTask = chat.CompleteChatAsync([new UserChatMessage(GreetingPrompt)], cancellationToken: ct);
        await Task.WhenAll(customerTask, paymentsTask, greetingTask);
        return Build(await customerTask, await paymentsTask, await greetingTask);
    }

    private const string GreetingPrompt = "Write a one-line greeting for a returning customer.";

    private static Dashboard Build(Customer customer, StripeList<PaymentIntent> payments, ChatCompletion greeting) =>
        new(customer.Id, customer.Email, payments.Data.Select(p => new PaymentSummary(p.Id, p.Amount, p.Currency, p.Status)).ToList(),
            greeting.Content[0].Text);
}

public sealed record Dashboard(string CustomerId, string Email, IReadOnlyList<PaymentSummary> RecentPayments, string Greeting);

public sealed record PaymentSummary(string Id, long Amount, string Currency, string Status);
