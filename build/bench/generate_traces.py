#!/usr/bin/env python3
"""Write an OTLP/JSON trace file of N spans for the trace-analysis benchmark.

    python3 build/bench/generate_traces.py --spans 1000000 --out artifacts/bench/traces/run.otlp.json [--format lines|single]

Shape (deterministic, seeded): requests of 5 routes; each request is a server span with 8-40 children:
EF Core-style DB spans (parameterised SQL with a parameters hash, code.filepath/lineno), some with a layered
driver span repeating the statement, Prisma-style operation/engine/db_query layers with inlined literals,
and HTTP client spans to templated URLs (numeric, UUID and Stripe-style ids). Every 7th request has an
N+1 loop (12 same-template queries). `lines` writes the collector file exporter's JSON lines (one
ExportTraceServiceRequest of ~200 spans per line); `single` writes one request holding everything.
"""

import argparse
import json
import os
import random
import uuid

ROUTES = ["/api/orders", "/api/orders/{id}", "/api/reports/recent-orders/slow", "/api/products", "/api/checkout"]
SQL = [
    'SELECT o."Id", o."CustomerId", o."PlacedAtUtc" FROM "Orders" AS o ORDER BY o."PlacedAtUtc" DESC LIMIT @__p_0',
    'SELECT c."Id", c."Name", c."Email" FROM "Customers" AS c WHERE c."Id" = @__order_CustomerId_0 LIMIT 1',
    'SELECT p."Id", p."Sku", p."Price" FROM "Products" AS p WHERE p."Category" = @__category_0',
    'SELECT count(*)::int FROM "OrderLines" AS l WHERE l."OrderId" = @__o_Id_0',
    'UPDATE "Products" SET "Stock" = @p0 WHERE "Id" = @p1',
]


def attr(key, value):
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    return {"key": key, "value": {"stringValue": value}}


class Gen:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.clock = 1_700_000_000_000_000_000
        self.next_id = 1

    def span_id(self):
        self.next_id += 1
        return "%016x" % self.next_id

    def span(self, trace, parent, name, kind, ms, attrs):
        start = self.clock
        self.clock += int(ms * 1_000_000) + 1000
        s = {"traceId": trace, "spanId": self.span_id(), "name": name, "kind": kind,
             "startTimeUnixNano": str(start), "endTimeUnixNano": str(start + int(ms * 1_000_000)), "attributes": attrs}
        if parent:
            s["parentSpanId"] = parent
        return s

    def request(self, n):
        rnd = self.rnd
        trace = "%032x" % (n + 1)
        route = ROUTES[n % len(ROUTES)]
        server = self.span(trace, None, "GET " + route, 2, rnd.uniform(5, 80),
                           [attr("http.request.method", "GET"), attr("http.route", route), attr("http.response.status_code", 200)])
        spans = [server]
        sid = server["spanId"]
        children = rnd.randint(8, 40)
        loop = n % 7 == 0
        for i in range(children):
            pick = rnd.random()
            if loop and i < 12:
                sql = SQL[1]
                s = self.span(trace, sid, "SELECT shop", 3, rnd.uniform(0.2, 3), [
                    attr("db.system.name", "postgresql"), attr("db.query.text", sql),
                    attr("perfgate.db.parameters.hash", "%08x" % rnd.getrandbits(32)),
                    attr("code.filepath", "/src/OrderService/Services/OrderReportService.cs"), attr("code.lineno", 19)])
                spans.append(s)
            elif pick < 0.45:
                sql = SQL[rnd.randrange(len(SQL))]
                s = self.span(trace, sid, "SELECT shop", 3, rnd.uniform(0.2, 5), [
                    attr("db.system.name", "postgresql"), attr("db.query.text", sql),
                    attr("perfgate.db.parameters.hash", "%08x" % rnd.getrandbits(32)),
                    attr("code.filepath", "/src/OrderService/Controllers/OrdersController.cs"), attr("code.lineno", 20 + rnd.randrange(60))])
                spans.append(s)
                if rnd.random() < 0.3:
                    spans.append(self.span(trace, s["spanId"], "postgresql", 3, 0.1, [
                        attr("db.system.name", "postgresql"), attr("db.query.text", sql)]))
            elif pick < 0.75:
                op = self.span(trace, sid, "prisma:client:operation", 1, 2, [attr("method", "findUnique"), attr("model", "Customer")])
                eng = self.span(trace, op["spanId"], "prisma:engine:query", 1, 1.5, [])
                db = self.span(trace, eng["spanId"], "prisma:engine:db_query", 3, 1, [
                    attr("db.system", "postgresql"),
                    attr("db.statement", 'SELECT "public"."Customer"."id" FROM "public"."Customer" WHERE "public"."Customer"."id" = %d LIMIT $1 OFFSET $2' % rnd.randrange(100000))])
                spans += [op, eng, db]
            else:
                kind = rnd.randrange(3)
                url = ["https://api.example.com/rates/%d" % rnd.randrange(1000),
                       "https://api.example.com/items/%s" % uuid.UUID(int=rnd.getrandbits(128)),
                       "https://api.stripe.com/v1/customers/cus_%014x" % rnd.getrandbits(56)][kind]
                spans.append(self.span(trace, sid, "GET", 3, rnd.uniform(2, 40), [
                    attr("http.request.method", "GET"), attr("url.full", url), attr("http.response.status_code", 200),
                    attr("http.response.body.size", rnd.randrange(200, 20000))]))
        return spans


def envelope(spans):
    return {"resourceSpans": [{"resource": {"attributes": [attr("service.name", "shop")]},
                               "scopeSpans": [{"scope": {"name": "bench"}, "spans": spans}]}]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--format", choices=["lines", "single"], default="lines")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    gen = Gen(args.seed)
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        if args.format == "single":
            out.write('{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"bench"},"spans":[')
        batch = []
        first = True
        while written < args.spans:
            spans = gen.request(n)[: args.spans - written]
            n += 1
            written += len(spans)
            if args.format == "single":
                for s in spans:
                    out.write(("" if first else ",") + json.dumps(s, separators=(",", ":")))
                    first = False
            else:
                batch += spans
                if len(batch) >= 200:
                    out.write(json.dumps(envelope(batch), separators=(",", ":")) + "\n")
                    batch = []
        if args.format == "single":
            out.write("]}]}]}\n")
        elif batch:
            out.write(json.dumps(envelope(batch), separators=(",", ":")) + "\n")
    print(f"{written} spans in {n} requests -> {args.out} ({os.path.getsize(args.out) / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
