namespace PerfGate.Analyzers
{
    /// <summary>PG5xxx: runtime evidence. PerfGate.Core reports them from OTLP trace files (budgets.traces); no analyzer does.</summary>
    public static class RuntimeEvidenceRules
    {
        private const string Grouping = "Spans are grouped per request — the local root: the nearest server span above a call, or the topmost span in the "
            + "file — not per immediate parent, because ORMs wrap each query in spans of their own; a DB span whose DB ancestor carries the same statement "
            + "(EF Core → Npgsql, Prisma `prisma:engine:query` → `prisma:engine:db_query`) is counted once. SQL is reduced to a template (comments stripped; "
            + "string and number literals and the placeholders `@p0`, `$1`, `?`, `:name` become `?`; `IN (…)` lists collapse), URLs too (query string "
            + "dropped; numeric, UUID, hex and prefixed opaque IDs such as `cus_…` become `*`). Old and new semantic-convention names are read "
            + "(`db.statement`/`db.query.text`, `http.url`/`url.full`, `http.method`/`http.request.method`, `code.filepath`/`code.file.path`). The finding is "
            + "located at the spans' `code.filepath`/`code.lineno` (PerfGate.Runtime records them) and names the route.";

        public static readonly RuleMetadata NPlusOneQueriesAtRuntime = new RuleMetadata
        {
            Id = RuleIdentifiers.NPlusOneQueriesAtRuntime,
            Title = "N+1 queries seen at run time",
            MessageFormat = "{0}",
            Category = RuleCategories.RuntimeEvidence,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "Reports a request that ran 5 or more DB statements of one template with at least 2 distinct parameter sets (or with parameters not "
                + "recorded). At 10 or more it is reported at the rule's level (error by default); from 5 to 9 at most as a warning. "
                + Grouping
                + " When the call site matches a static finding (PG1001 on the same line), that finding is marked confirmed at run time.",
            Flags = new[]
            {
                "5 or more same-template queries under one request, with different parameters (EF Core's parameter values are compared by hash, never written)",
                "the same from other stacks: Prisma's `prisma:engine:db_query` spans, Npgsql, SqlClient, any OTLP producer",
            },
            Ignores = new[]
            {
                "the same statement with the same parameters repeated (that is PG5003, cacheable rather than N+1)",
                "queries of one template spread over different requests: each request is judged on its own",
                "a driver span nested under an ORM span with the same statement (counted once)",
            },
            Fix = "Load the related rows with one query before the loop (Include, a projection with a join, or `WHERE id IN (…)` and a dictionary), as the "
                + "data-access rule PG1001 shows.",
            FlaggedExample = "foreach (var order in orders)\n"
                + "{\n"
                + "    var customer = await db.Customers.FirstAsync(c => c.Id == order.CustomerId); // 10 queries in GET /api/reports/recent-orders/slow\n"
                + "}",
            FixedExample = "var ids = orders.Select(o => o.CustomerId).Distinct().ToList();\n"
                + "var customers = await db.Customers.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id);",
            Tags = new[] { "runtime", "n+1", "database" },
        };

        public static readonly RuleMetadata NPlusOneApiCallsAtRuntime = new RuleMetadata
        {
            Id = RuleIdentifiers.NPlusOneApiCallsAtRuntime,
            Title = "N+1 API calls seen at run time",
            MessageFormat = "{0}",
            Category = RuleCategories.RuntimeEvidence,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "Reports a request that made 5 or more outbound HTTP calls (any method: an OpenAI or Stripe POST per item counts) to one URL "
                + "template with at least 2 distinct URLs (or request identity unknown). At 10 or more at the rule's level, from 5 to 9 at most as a warning. "
                + Grouping,
            Flags = new[] { "5 or more calls to one URL template under one request, e.g. `GET https://api.example.com/customers/*` once per order" },
            Ignores = new[]
            {
                "calls to different templates (see PG5005 for serial independent calls)",
                "retries of one identical call are counted as repeats (PG5003), not as N+1",
            },
            Fix = "Use the API's batch or list endpoint (`?ids=1,2,3`), or fetch once and look up in memory; for per-item writes use the API's bulk operation.",
            FlaggedExample = "foreach (var id in ids)\n"
                + "    rates[id] = await http.GetFromJsonAsync<Rate>($\"rates/{id}\"); // 12 calls in GET /orders",
            FixedExample = "var rates = await http.GetFromJsonAsync<Rate[]>($\"rates?ids={string.Join(',', ids)}\");",
            Tags = new[] { "runtime", "n+1", "http" },
        };

        public static readonly RuleMetadata RepeatedIdenticalCallAtRuntime = new RuleMetadata
        {
            Id = RuleIdentifiers.RepeatedIdenticalCallAtRuntime,
            Title = "Identical query or GET repeated in one request",
            MessageFormat = "{0}",
            Category = RuleCategories.RuntimeEvidence,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "Reports a read (a SELECT, or an HTTP GET/HEAD) that ran 2 or more times in one request with the same text and the same parameters "
                + "(the same full URL). The result could have been kept for the rest of the request or cached. Precision is medium: a read repeated after a "
                + "write in between can legitimately see new data. "
                + Grouping,
            Flags = new[] { "the same SELECT with the same parameter values twice or more in one request", "the same GET URL twice or more in one request" },
            Ignores = new[] { "writes (INSERT, UPDATE, DELETE, POST, PUT, PATCH)", "statements whose parameters were not recorded (identity unknown)" },
            Fix = "Keep the first result for the rest of the request (a local, a scoped cache), or cache it across requests (IMemoryCache, HybridCache) when "
                + "it is hot and changes slowly.",
            FlaggedExample = "var settings = await db.Settings.FirstAsync(s => s.Key == \"tax\"); // ... and again in a helper in the same request",
            FixedExample = "var settings = await cache.GetOrCreateAsync(\"tax\", ct => db.Settings.FirstAsync(s => s.Key == \"tax\", ct));",
            Tags = new[] { "runtime", "caching" },
        };

        public static readonly RuleMetadata SlowQueryAtRuntime = new RuleMetadata
        {
            Id = RuleIdentifiers.SlowQueryAtRuntime,
            Title = "Slow query seen at run time",
            MessageFormat = "{0}",
            Category = RuleCategories.RuntimeEvidence,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "Reports a query template that took 500 ms or more at least 3 times, or whose 95th percentile is 500 ms or more over at least 20 "
                + "executions, across all the trace files of a budget entry. Time thresholds suit load runs; a CI run on a small database rarely trips them. "
                + "Precision is medium: a cold cache or a loaded machine makes any query slow. "
                + Grouping,
            Flags = new[] { "a query template with 3 or more executions of 500 ms or more", "a query template whose p95 is 500 ms or more (20+ executions)" },
            Ignores = new[] { "single slow executions (one cold start)", "HTTP calls (their time is the remote service's)" },
            Fix = "Look at the query plan (EXPLAIN ANALYZE): add the missing index, select fewer columns, page the result.",
            FlaggedExample = "SELECT * FROM orders WHERE lower(email) = ? -- 3 runs of 900 ms: sequential scan",
            FixedExample = "CREATE INDEX ix_orders_email ON orders (lower(email));",
            Tags = new[] { "runtime", "database", "latency" },
        };

        public static readonly RuleMetadata SerialHttpCallsAtRuntime = new RuleMetadata
        {
            Id = RuleIdentifiers.SerialHttpCallsAtRuntime,
            Title = "Independent HTTP calls made one after another",
            MessageFormat = "{0}",
            Category = RuleCategories.RuntimeEvidence,
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            Description = "Reports a run of 2 or more outbound HTTP calls to different URL templates in one request where each started only after the "
                + "previous one ended, when running them together would save 100 ms or more (the sum of their durations minus the longest). Precision is low: "
                + "a trace cannot show whether a call needs the previous call's result, so the default level is note; raise it in the policy when your calls "
                + "are known to be independent. "
                + Grouping,
            Flags = new[] { "2 or more non-overlapping calls to different templates in one request with a possible saving of 100 ms or more" },
            Ignores = new[] { "calls that overlap in time", "calls to one template (that is PG5002)", "savings under 100 ms" },
            Fix = "Start the independent calls first and await them together (`await Task.WhenAll(a, b)`): reads that need neither the other's result "
                + "nor to run after it (a write after a check, a charge before a receipt keep their order), and never two operations on one DbContext.",
            FlaggedExample = "var rates = await ratesClient.GetAsync(ct);\n"
                + "var quote = await shippingClient.QuoteAsync(order, ct); // 210 ms + 190 ms",
            FixedExample = "var ratesTask = ratesClient.GetAsync(ct);\n"
                + "var quoteTask = shippingClient.QuoteAsync(order, ct);\n"
                + "await Task.WhenAll(ratesTask, quoteTask); // ~210 ms",
            Tags = new[] { "runtime", "http", "latency" },
        };

        public static readonly RuleMetadata LargeResponseAtRuntime = new RuleMetadata
        {
            Id = RuleIdentifiers.LargeResponseAtRuntime,
            Title = "Large or uncompressed response seen at run time",
            MessageFormat = "{0}",
            Category = RuleCategories.RuntimeEvidence,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Reports a response (of a request served, or of an outbound call) larger than 300 kB, or larger than 512 kB without a content "
                + "encoding. Sizes come from `http.response.body.size` (or `http.response_content_length`) and the encoding from "
                + "`http.response.header.content-encoding`. "
                + Grouping,
            Flags = new[] { "a response over 300 kB", "a response over 512 kB with no content-encoding (or `identity`)" },
            Ignores = new[] { "responses whose size the spans do not carry (chunked responses without a recorded size)" },
            Fix = "Page the result, select fewer fields, and enable response compression (`app.UseResponseCompression()`) for large JSON. With HTTPS, weigh "
                + "BREACH: do not compress responses that mix secrets with attacker-controlled input.",
            FlaggedExample = "GET /api/products returned 2048 kB without compression",
            FixedExample = "builder.Services.AddResponseCompression(o => o.EnableForHttps = true);\n"
                + "app.UseResponseCompression();",
            Tags = new[] { "runtime", "payload" },
        };
    }
}
