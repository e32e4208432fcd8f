namespace PerfGate.Analyzers
{
    /// <summary>PG2xxx: external calls and async.</summary>
    public static class ExternalCallRules
    {
        public static readonly RuleMetadata HttpClientCreatedPerCall = new RuleMetadata
        {
            Id = RuleIdentifiers.HttpClientCreatedPerCall,
            Title = "HttpClient created per call",
            MessageFormat = "A new HttpClient is created on every call of {0}: each instance opens its own connections (socket exhaustion, no DNS refresh); "
                + "use IHttpClientFactory or a shared instance",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "`new HttpClient(...)` in a method body creates a client, and a connection pool, per call. Under load this exhausts sockets and "
                + "pays TLS handshakes on every request. Inject `HttpClient` through `IHttpClientFactory` (`AddHttpClient`) or hold one shared instance.",
            Flags = new[]
            {
                "`new HttpClient()` and `new HttpClient(handler[, disposeHandler])` (also target-typed `new()`) in methods, local functions, lambdas and "
                    + "property accessors",
                "factories of scoped and transient DI registrations (`AddScoped(sp => new HttpClient())`, `AddTransient`, `TryAddScoped`, ...): the message "
                    + "names the registration (`the AddScoped factory (once per request scope)`)",
                "lambdas that create a client, wherever they are declared (`static Func<HttpClient> Create = () => new HttpClient();` creates one per call of "
                    + "the delegate), including lambdas in top-level statements such as minimal-API handlers",
                "assignment into an instance field or property with `=` outside a constructor (`_client = new HttpClient()` in a method)",
                "`new HttpClient` in instance field and property initializers and constructor assignments to instance fields of a type made per request "
                    + "(controllers, Razor Pages models, SignalR hubs, components) or made with `new T(...)` on every call somewhere in the compilation "
                    + "(followed two owners up, as in a webhook client built per message): the message names the owner",
            },
            Ignores = new[]
            {
                "initializers of static fields and properties (`static readonly HttpClient Client = new();`)",
                "initializers of instance fields and properties, and constructors (static or instance), of types that nothing here makes per request or per "
                    + "call (a service made by DI: its lifetime comes from a registration this rule does not follow yet): the instance owns one client for "
                    + "its lifetime; a lambda or local function inside them is still reported",
                "assignment into a static field or property, with `=` or `??=` (`s_client ??= new HttpClient()`, `if (s_client == null) s_client = new "
                    + "HttpClient()`, `s_client = s_client ?? new HttpClient()`)",
                "`??=` into an instance field or property (`_client ??= new HttpClient()`): one client per instance, as an initializer",
                "lambdas that build the client once: `new Lazy<HttpClient>(() => ...)`, `LazyInitializer.EnsureInitialized`, "
                    + "`AddSingleton`/`TryAddSingleton`/`AddKeyedSingleton` factories",
                "a static `Main` and top-level statements themselves (run once per process)",
                "startup code (a method that takes `IServiceCollection`, `IApplicationBuilder`, `WebApplicationBuilder`, `IHostBuilder`, "
                    + "`IHostApplicationBuilder` or `IWebHostBuilder`, or extends a registration builder interface such as `IMvcBuilder`), LINQ lambdas run "
                    + "inside such code, and helpers whose every call in the compilation (up to three callers up) runs once in one of these ways; a helper "
                    + "called from a controller, page or hub constructor is still reported",
                "`HttpClient` subclasses of unknown construction cost and `HttpMessageInvoker`",
                "Blazor WebAssembly apps (the compilation references `WebAssemblyHostBuilder`): there `HttpClient` wraps the browser's `fetch` and owns no "
                    + "sockets, and `AddScoped(sp => new HttpClient { BaseAddress = ... })` is the documented registration",
            },
            Fix = "Register the client with `builder.Services.AddHttpClient<TClient>()` and take `HttpClient` in the constructor, or keep one `static "
                + "readonly HttpClient` (with `SocketsHttpHandler.PooledConnectionLifetime` set).",
            FlaggedExample = "public async Task<string> GetRateAsync(string currency)\n"
                + "{\n"
                + "    using var client = new HttpClient();\n"
                + "    return await client.GetStringAsync($\"https://rates.example/{currency}\");\n"
                + "}",
            FixedExample = "public sealed class RatesClient(HttpClient client)\n"
                + "{\n"
                + "    public Task<string> GetRateAsync(string currency) =>\n"
                + "        client.GetStringAsync($\"rates/{currency}\");\n"
                + "}\n"
                + "// Program.cs: builder.Services.AddHttpClient<RatesClient>(c => c.BaseAddress = new(\"https://rates.example/\"));",
            Tags = new[] { "performance", "http", "reliability" },
        };

        public static readonly RuleMetadata ExternalCallAwaitedPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.ExternalCallAwaitedPerLoopIteration,
            Title = "External call awaited once per loop iteration",
            MessageFormat = "'{0}' awaits an external call on every iteration of the {1} ({2}), one after the other, though no iteration uses another's "
                + "result; use the API's batch endpoint or bounded concurrency (Parallel.ForEachAsync with MaxDegreeOfParallelism)",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "An HTTP or SDK call awaited inside a loop pays one full round trip per item, in series: 50 items at 100 ms is 5 s of waiting. When "
                + "the iterations are independent, a batch endpoint (one request for all items) or bounded concurrency turns that into roughly one round trip "
                + "per batch. The call is found directly (HttpClient, Stripe.net services, OpenAI clients) or through wrappers, by the I/O summaries "
                + "(`GetProfileAsync → ProfileClient.GetProfileAsync → HttpClient.GetFromJsonAsync`). Precision is medium because a loop may be sequential on "
                + "purpose (ordered writes, a rate limit enforced elsewhere).",
            Flags = new[]
            {
                "`await` of an HTTP call (`HttpClient` `Send/Get*/Post*/Put*/Patch*/DeleteAsync`, `System.Net.Http.Json` extensions), a Stripe.net service "
                    + "request (`CustomerService.GetAsync`, ...) or an OpenAI SDK request (`ChatClient.CompleteChatAsync`, ...) in the body of a `foreach`, "
                    + "`await foreach` or `for` loop, also with `.ConfigureAwait(false)`",
                "the same through source methods whose I/O summary says HTTP (wrappers, typed clients, interface calls whose every implementation calls out), "
                    + "in this project or in a referenced project built with PerfGate; the chain is in the message and its call sites are related locations",
            },
            Ignores = new[]
            {
                "loops whose iterations may depend on each other: a `break`, `return`, `goto` or `yield` in the body, or a call whose receiver or arguments "
                    + "read a variable, parameter, field or property that the loop body assigns (a cursor, a running total, a token from the previous "
                    + "response)",
                "`while` and `do` loops (paging, polling and retry loops), and loops paced by `Task.Delay`, `PeriodicTimer` or `Thread.Sleep` (deliberate "
                    + "rate limiting)",
                "calls that are not awaited where they are made (tasks collected and awaited together are already concurrent), and calls in lambdas "
                    + "(`Select(async x => ...)` with `Task.WhenAll`, `Parallel.ForEachAsync`)",
                "calls whose summary also reaches the database (PG1001/PG1002 own those, and one DbContext must not run operations concurrently)",
                "calls through an interface when some implementation performs no HTTP (a cache decorator or a fake)",
            },
            Fix = "Use the service's batch endpoint when it has one (OpenAI `GenerateEmbeddingsAsync` takes many inputs; many REST APIs take a list of IDs). "
                + "Otherwise run the calls with bounded concurrency: `await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8, "
                + "CancellationToken = ct }, async (item, ct) => ...)`, and collect results in a thread-safe way.",
            FlaggedExample = "foreach (var id in customerIds)\n"
                + "{\n"
                + "    var customer = await _customers.GetAsync(id, cancellationToken: ct);\n"
                + "    result.Add(customer);\n"
                + "}",
            FixedExample = "var result = new ConcurrentBag<Customer>();\n"
                + "await Parallel.ForEachAsync(customerIds,\n"
                + "    new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },\n"
                + "    async (id, token) => result.Add(await _customers.GetAsync(id, cancellationToken: token)));",
            Tags = new[] { "performance", "http", "latency" },
        };

        public static readonly RuleMetadata IndependentCallsAwaitedInSequence = new RuleMetadata
        {
            Id = RuleIdentifiers.IndependentCallsAwaitedInSequence,
            Title = "Independent external calls awaited in sequence",
            MessageFormat = "'{0}' and '{1}' are awaited one after the other though none uses another's result, so their latencies add up; start them "
                + "together and await Task.WhenAll ({2})",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "Consecutive statements that each await an external read pay the sum of the round trips; when no call needs another's result they "
                + "can overlap and the method waits only for the slowest. Calls are found directly (HttpClient, Stripe.net services, OpenAI clients) or "
                + "through wrappers by the I/O summaries. Only reads are reported (the API at the end of the chain is a "
                + "`Get*`/`List*`/`Search*`/`Complete*`/`Generate*`-style call, and a wrapper is named like a read), because the order of writes is usually "
                + "the point. Precision is medium: a wrapper named like a read may still change state.",
            Flags = new[]
            {
                "two or more consecutive statements in one block of the form `await Call();`, `var x = await Call();` or `x = await Call();` (also with "
                    + "`.ConfigureAwait(false)`), where each call is an external read and no call's receiver or arguments read a local produced by an earlier "
                    + "statement of the run",
                "external reads: `HttpClient.Get*Async` and `GetFromJsonAsync`, Stripe.net service `Get/List/SearchAsync`, OpenAI "
                    + "`Complete*/Generate*/Classify*/Transcribe*/Translate*` requests, and source methods named `Get*`, `Fetch*`, `Find*`, `List*`, "
                    + "`Search*`, `Load*`, `Read*`, `Query*`, `Lookup*`, ... whose I/O summary ends in one of those",
            },
            Ignores = new[]
            {
                "writes (`PostAsync`, `SendAsync`, Stripe `Create/Update/Delete`, wrappers not named like a read): their order usually matters",
                "anything whose summary reaches the database: operations on one DbContext must never run concurrently",
                "statements separated by any other statement, calls that use a local produced by an earlier call, and awaits of anything other than a call (a "
                    + "task variable, `Task.WhenAll`)",
                "`using var response = await ...` declarations (the response's lifetime is scoped)",
                "calls through an interface when some implementation performs no HTTP",
            },
            Fix = "Start the calls, then await them together: `var profileTask = GetProfileAsync(id, ct); var ordersTask = GetOrdersAsync(id, ct); await "
                + "Task.WhenAll(profileTask, ordersTask); var profile = await profileTask; var orders = await ordersTask;`. Never do this with two operations "
                + "on one DbContext. A code fix (PerfGate.CodeFixes: IDE, `dotnet format analyzers --diagnostics PG2003`) rewrites the simple case: "
                + "consecutive `var x = await Call(...);` and `await Call(...);` statements without `ConfigureAwait`.",
            FlaggedExample = "var profile = await _profiles.GetProfileAsync(userId, ct);\n"
                + "var rates = await _http.GetFromJsonAsync<Rates>(\"rates\", ct);",
            FixedExample = "var profileTask = _profiles.GetProfileAsync(userId, ct);\n"
                + "var ratesTask = _http.GetFromJsonAsync<Rates>(\"rates\", ct);\n"
                + "await Task.WhenAll(profileTask, ratesTask);\n"
                + "var profile = await profileTask;\n"
                + "var rates = await ratesTask;",
            Tags = new[] { "performance", "http", "latency" },
        };

        public static readonly RuleMetadata HttpClientWithoutTimeout = new RuleMetadata
        {
            Id = RuleIdentifiers.HttpClientWithoutTimeout,
            Title = "External HttpClient without timeout or resilience",
            MessageFormat = "{0} {1}: a slow or hung third party holds the caller for HttpClient's default 100 s; {2}",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "`HttpClient` waits 100 s by default. When a payment, AI or media API hangs, every request that calls it holds a thread, a "
                + "connection and the user for those 100 s, and retries (if any) stack on top. A resilience handler (`AddStandardResilienceHandler()`: a "
                + "total timeout of 30 s, an attempt timeout of 10 s, retries with backoff and a circuit breaker) or at least an explicit `Timeout` bounds "
                + "that wait. The rule reports only what the compilation proves: every step of the registration is known and none adds a timeout or a "
                + "handler. Precision is medium because a timeout can also come from configuration this analysis does not read (an options class bound from "
                + "appsettings that a custom handler applies).",
            Flags = new[]
            {
                "`services.AddHttpClient(\"name\", ...)`, `AddHttpClient<TClient>(...)` and `AddHttpClient<TClient, TImplementation>(...)` whose returned "
                    + "`IHttpClientBuilder` (chained, or kept in a local whose every use is a chained call) makes only calls that add no timeout and no "
                    + "handler (`ConfigureHttpClient`, `ConfigurePrimaryHttpMessageHandler` with a plain `HttpClientHandler`/`SocketsHttpHandler`, "
                    + "`SetHandlerLifetime`, `AddTypedClient`, `RedactLoggedHeaders`, `AddAsKeyed`, logger configuration, `AddServiceDiscovery`, "
                    + "`AddHeaderPropagation`), and whose configure lambdas (`c => c.BaseAddress = ...`) never set `Timeout`",
                "a `new HttpClient()` (or over a plain `HttpClientHandler`/`SocketsHttpHandler`) stored once in a field or property that only this "
                    + "compilation can reach (not public), when the compilation never sets that member's `Timeout`, never hands the client to anything else, "
                    + "and sends requests through it (`Send*`, `Get*`, `Post*`, `Put*`, `Patch*`, `Delete*`, including the `System.Net.Http.Json` extensions) "
                    + "none of which passes a `CancellationToken` (omitted, `default` and `CancellationToken.None` count as none); reported at the creation",
            },
            Ignores = new[]
            {
                "builders that get any other call (`AddStandardResilienceHandler`, `AddStandardHedgingHandler`, `AddResilienceHandler`, Polly's "
                    + "`AddPolicyHandler`/`AddTransientHttpErrorPolicy`/`AddPolicyHandlerFromRegistry`, but also `AddHttpMessageHandler`, a primary handler "
                    + "of any other type and custom extensions, which may add a timeout), builders that are returned, passed to a method, stored in a field "
                    + "or used in a lambda, and configure delegates that are not lambdas or that pass the client to a method",
                "every registration when the compilation calls `ConfigureHttpClientDefaults` with anything but the neutral calls above (Aspire's "
                    + "ServiceDefaults: `ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler())`), or hands its "
                    + "`IServiceCollection`/`IHostApplicationBuilder` to a method of a referenced library built against Microsoft.Extensions.Http.Resilience, "
                    + "Microsoft.Extensions.Http.Polly or Polly (`builder.AddServiceDefaults()` from a ServiceDefaults project)",
                "typed clients whose class (or a base class) sets `HttpClient.Timeout` or bounds its calls with `CancelAfter` / `new "
                    + "CancellationTokenSource(delay)`, and typed clients declared in another assembly; named clients when the compilation sets "
                    + "`HttpClient.Timeout` or builds a timed `CancellationTokenSource` anywhere outside a registration (the code that calls "
                    + "`CreateClient(name)` may bound it)",
                "`services.AddHttpClient()` with no name or type (it registers the factory, not a client)",
                "kept clients that are public (other assemblies may configure them), created with any other handler (a `DelegatingHandler` may time out), "
                    + "created with `{ Timeout = ... }`, assigned from anything but `new HttpClient()`, cancelled through `CancelPendingRequests`, or created "
                    + "per call (PG2002 reports that); clients injected from `IHttpClientFactory` or DI singletons (the registration is judged instead)",
                "test projects (the compilation references NUnit, xUnit, MSTest or TUnit)",
            },
            Fix = "Add a resilience pipeline to the registration: `builder.Services.AddHttpClient<StripeGateway>(...).AddStandardResilienceHandler();` "
                + "(package Microsoft.Extensions.Http.Resilience; in an Aspire app `ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler())` "
                + "covers every client), or at least set `Timeout` in the configure lambda. For a kept `HttpClient`, set `Timeout` where it is created (`new "
                + "HttpClient { Timeout = TimeSpan.FromSeconds(10) }`) or pass a `CancellationToken` that has a deadline.",
            FlaggedExample = "builder.Services.AddHttpClient<ShippingRates>(c => c.BaseAddress = new Uri(\"https://rates.example/\"));",
            FixedExample = "builder.Services.AddHttpClient<ShippingRates>(c => c.BaseAddress = new Uri(\"https://rates.example/\"))\n"
                + "    .AddStandardResilienceHandler();",
            Tags = new[] { "reliability", "http", "latency" },
        };

        public static readonly RuleMetadata BlockingOnAsync = new RuleMetadata
        {
            Id = RuleIdentifiers.BlockingOnAsync,
            Title = "Blocking on async code",
            MessageFormat = "{0} blocks a thread-pool thread in {1}; await the task instead (Task.Delay instead of Thread.Sleep)",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Blocking on a task (`.Result`, `.Wait()`, `GetAwaiter().GetResult()`) or sleeping holds a thread-pool thread for the whole wait. "
                + "Under load the pool starves, every request queues behind the blocked ones, and with a synchronization context it can deadlock. In an async "
                + "method the fix is always `await`; in a synchronous request handler, make the handler async.",
            Flags = new[]
            {
                "`task.Result`, `task.Wait(...)`, `Task.WaitAll`, `Task.WaitAny`, `task.GetAwaiter().GetResult()` (also after `ConfigureAwait`) on `Task`, "
                    + "`Task<T>`, `ValueTask`, `ValueTask<T>`, and `Thread.Sleep`",
                "inside an async method, async lambda or async local function",
                "inside a synchronous request handler (controller action, minimal API handler, Razor Pages handler, SignalR hub method, gRPC method) or a "
                    + "source method a handler reaches through calls (the message names the method)",
            },
            Ignores = new[]
            {
                "tasks known to be complete: `Task.FromResult(...)`, `Task.CompletedTask`, and a variable, parameter or field that the method awaits earlier "
                    + "(alone or in `Task.WhenAll`) or whose `IsCompleted`/`IsCompletedSuccessfully`/`IsFaulted`/`IsCanceled`/`Status` it checks",
                "synchronous lambdas and local functions (a `Select(t => t.Result)` after `await Task.WhenAll(tasks)`), and synchronous methods that no "
                    + "request handler reaches (console `Main`, startup code, background services' synchronous helpers)",
                "blocking inside an expression tree (never run)",
            },
            Fix = "`await` the task (`var user = await GetUserAsync(id);`), make the caller async up to the handler, and use `await Task.Delay(...)` instead "
                + "of `Thread.Sleep`.",
            FlaggedExample = "public async Task<IActionResult> Get(int id)\n"
                + "{\n"
                + "    var user = _users.GetUserAsync(id).Result;\n"
                + "    return Ok(user);\n"
                + "}",
            FixedExample = "public async Task<IActionResult> Get(int id)\n"
                + "{\n"
                + "    var user = await _users.GetUserAsync(id);\n"
                + "    return Ok(user);\n"
                + "}",
            Tags = new[] { "performance", "async", "reliability" },
        };

        public static readonly RuleMetadata SynchronousExternalCall = new RuleMetadata
        {
            Id = RuleIdentifiers.SynchronousExternalCall,
            Title = "Synchronous external call where an async one exists",
            MessageFormat = "'{0}' is a synchronous {1} call in {2}; it holds the thread for the whole round trip: use '{3}' and await it",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A synchronous SDK, HTTP or file call blocks its thread for the whole round trip. In an async method or a request handler that "
                + "thread belongs to the pool that serves every request; under load the pool starves. The same type offers an async overload: use it.",
            Flags = new[]
            {
                "Stripe.net service requests (`CustomerService.Create`, `PaymentIntentService.Get`, ...) and OpenAI SDK requests (`ChatClient.CompleteChat`, "
                    + "...) whose type has the `…Async` counterpart",
                "`HttpClient.Send`, `WebClient` `Download*`/`Upload*`/`OpenRead`/`OpenWrite` (the `…TaskAsync` counterparts), "
                    + "`File.ReadAll*`/`WriteAll*`/`AppendAll*`",
                "inside an async method, async lambda or async local function, or a synchronous request handler or a source method a handler reaches",
            },
            Ignores = new[]
            {
                "synchronous code that no request handler reaches (console tools, startup, build tasks), and synchronous lambdas",
                "methods with no async counterpart on the same type (`File.Exists`, `Stripe` `*AutoPaging` enumerators)",
            },
            Fix = "Call the async overload and await it (`await customers.CreateAsync(options, requestOptions, ct)`, `await http.SendAsync(request, ct)`, "
                + "`await File.ReadAllTextAsync(path, ct)`); replace `WebClient` with `HttpClient`. A code fix (PerfGate.CodeFixes: IDE, `dotnet format "
                + "analyzers --diagnostics PG2007`) does it when the enclosing function is already `async`: it calls the async twin (`…TaskAsync` for "
                + "`WebClient`), awaits it, and passes the method's `CancellationToken` as `cancellationToken:` when it has exactly one; it is offered only "
                + "when the rewrite compiles to the same result type (not for `CompleteChat(\"text\")`, whose async overload with a token takes a list of "
                + "messages).",
            FlaggedExample = "public async Task<string> RegisterAsync(string email)\n"
                + "{\n"
                + "    var customer = _customers.Create(new CustomerCreateOptions { Email = email });\n"
                + "    await _db.SaveChangesAsync();\n"
                + "    return customer.Id;\n"
                + "}",
            FixedExample = "public async Task<string> RegisterAsync(string email, CancellationToken ct)\n"
                + "{\n"
                + "    var customer = await _customers.CreateAsync(new CustomerCreateOptions { Email = email }, cancellationToken: ct);\n"
                + "    await _db.SaveChangesAsync(ct);\n"
                + "    return customer.Id;\n"
                + "}",
            Tags = new[] { "performance", "async", "http" },
        };

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

        public static readonly RuleMetadata ClientCreatedPerCall = new RuleMetadata
        {
            Id = RuleIdentifiers.ClientCreatedPerCall,
            Title = "Connection-owning client created per call or per request",
            MessageFormat = "A new {0} is created on every call of {1}: it owns its own connections and pipeline (TLS handshakes, socket churn, no connection "
                + "reuse); register one instance as a singleton and inject it",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "SDK clients such as `StripeClient`, the OpenAI clients, Azure SDK clients and Redis's `ConnectionMultiplexer` hold an HTTP "
                + "pipeline or a connection pool and are documented as thread-safe and meant to be reused. Building one per call or per request pays "
                + "connection setup every time and, for Redis, opens a new multiplexer (several sockets) per request. The list is extendable in the policy: "
                + "`rules.PG2004.options.clientTypes`.",
            Flags = new[]
            {
                "`new` of `Stripe.StripeClient`, `OpenAI.OpenAIClient`, `ChatClient`, `EmbeddingClient`, `ImageClient`, `AudioClient`, `ModerationClient`, "
                    + "`Azure.AI.OpenAI.AzureOpenAIClient`, `BlobServiceClient`, `ServiceBusClient`, `SecretClient`, `CosmosClient`, and the types the policy "
                    + "adds (`rules: { PG2004: { level: warning, options: { clientTypes: [My.Sdk.Client] } } }`, full metadata names), and "
                    + "`ConnectionMultiplexer.Connect`/`ConnectAsync`",
                "in methods, local functions, lambdas (including scoped and transient DI factories) and property accessors — where PG2002 reports `new "
                    + "HttpClient`",
                "in instance field and property initializers and constructor assignments to instance fields of a type made per request (controllers, Razor "
                    + "Pages models, SignalR hubs, components) or made with `new T(...)` on every call somewhere in the compilation (followed two owners up, "
                    + "as in a webhook client built per message): the message names the owner",
            },
            Ignores = new[]
            {
                "`HttpClient` (PG2002 reports it)",
                "static initializers, static fields assigned once (`=` or `??=`), `??=` into instance fields, `Lazy<T>`, `LazyInitializer`, singleton DI "
                    + "factories (`AddSingleton(sp => new StripeClient(key))`) and `Main`/top-level statements",
                "startup code (a method that takes `IServiceCollection`, `IApplicationBuilder`, `WebApplicationBuilder`, `IHostBuilder`, "
                    + "`IHostApplicationBuilder` or `IWebHostBuilder`, or extends a registration builder interface such as `IMvcBuilder`), LINQ lambdas run "
                    + "inside such code, and helpers whose every call in the compilation (up to three callers up) runs once in one of these ways; a helper "
                    + "called from a controller, page or hub constructor is still reported",
                "constructors and initializers of other classes, that nothing here makes per call (a service's lifetime comes from its DI registration, which "
                    + "this rule does not follow yet)",
                "lightweight per-resource clients (`BlobClient`, `BlobContainerClient`) unless the policy lists them",
            },
            Fix = "Create the client once: `builder.Services.AddSingleton(new StripeClient(apiKey))`, `AddSingleton<ChatClient>(_ => new ChatClient(model, "
                + "apiKey))`, `AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(config))`, or the Azure SDK's `AddAzureClients`; "
                + "inject it where it is used.",
            FlaggedExample = "public async Task<string> ChargeAsync(long amount)\n"
                + "{\n"
                + "    var client = new StripeClient(_apiKey);\n"
                + "    var intents = new PaymentIntentService(client);\n"
                + "    return (await intents.CreateAsync(new() { Amount = amount, Currency = \"eur\" })).Id;\n"
                + "}",
            FixedExample = "// Program.cs: builder.Services.AddSingleton<IStripeClient>(new StripeClient(apiKey));\n"
                + "public sealed class Payments(IStripeClient stripe)\n"
                + "{\n"
                + "    private readonly PaymentIntentService _intents = new(stripe);\n"
                + "}",
            Tags = new[] { "performance", "http", "reliability" },
        };
    }
}
