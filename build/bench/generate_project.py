#!/usr/bin/env python3
"""Generate a realistic ASP.NET Core + EF Core web API of >= N C# files for the build-cost benchmark.

    python3 build/bench/generate_project.py OUTDIR [--files 300]

The output is deterministic (same arguments -> byte-identical files; no clock, no randomness).
It is mostly clean code -- entities, EF Core entity configurations, DTOs, repositories with LINQ
queries, services with in-memory loops, controllers, validators, mappers, typed HttpClient
clients -- with a few real PerfGate findings planted at fixed places:

  PG1001  an EF Core query inside a loop, in the "Rollup" method of every 11th service (i % 11 == 5)
  PG1005  SaveChangesAsync inside an import loop, in every 17th service (i % 17 == 8)
  PG2002  `new HttpClient()` per call, in two of the external clients

It writes the project file (no PerfGate reference: the benchmark adds it per variant),
a perfgate.yml that reports but never fails the build, and prints a one-line summary.
"""

import argparse
import math
import os
import sys

NAMESPACE = "BenchShop"

NOUNS = [
    "Customer", "Order", "Product", "Invoice", "Payment", "Shipment", "Warehouse", "Supplier",
    "Category", "Review", "Coupon", "Cart", "Address", "Refund", "Subscription", "Plan",
    "Employee", "Department", "Ticket", "Comment", "Campaign", "Lead", "Contract", "Asset",
    "Vehicle", "Delivery", "Driver", "Store", "Region", "Tax", "Currency", "Discount", "Bundle",
    "Vendor", "Batch", "Lot", "Return", "Claim", "Policy", "Quote", "Estimate", "Project",
    "WorkItem", "Milestone", "Timesheet", "Expense", "Budget", "Account", "Ledger", "Journal",
    "Notification", "Webhook", "Document", "Attachment", "Tag", "Label", "Rating", "Wishlist",
]

# Nouns whose plural is not noun + "s".
PLURALS = {"Category": "Categories", "Delivery": "Deliveries", "Address": "Addresses", "Tax": "Taxes", "Batch": "Batches",
           "Policy": "Policies", "Currency": "Currencies", "Entity": "Entities"}

FILES_PER_MODULE = 8
CLIENT_COUNT = 6
# Program.cs, AppDbContext.cs, PagedResult.cs, RecordStatus.cs, DomainException.cs, ReportMath.cs,
# ClientOptions.cs, plus the clients.
FIXED_FILES = 7 + CLIENT_COUNT


def plural(name):
    base = name.rstrip("0123456789")
    suffix = name[len(base):]
    return PLURALS.get(base, base + "s") + suffix


def entity_names(count):
    names = []
    for i in range(count):
        noun = NOUNS[i % len(NOUNS)]
        round_ = i // len(NOUNS)
        names.append(noun if round_ == 0 else f"{noun}{round_ + 1}")
    return names


def lower_first(s):
    return s[0].lower() + s[1:]


class Module:
    def __init__(self, index, names):
        self.i = index
        self.name = names[index]
        self.plural = plural(self.name)
        self.var = lower_first(self.name)
        self.parent = names[index // 2] if index > 0 else None
        self.parent_plural = plural(self.parent) if self.parent else None
        self.children = [names[c] for c in (2 * index, 2 * index + 1) if 0 < c < len(names) and c != index]
        self.n_plus_one = index % 11 == 5 and self.parent is not None
        self.save_per_item = index % 17 == 8


def write(root, rel, text, written):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    written.append(rel)


# ----------------------------------------------------------------------------- per-module files

def entity_cs(m):
    parent = ""
    if m.parent:
        parent = f"""
    public int {m.parent}Id {{ get; set; }}
    public {m.parent}? {m.parent} {{ get; set; }}
"""
    children = "".join(
        f"\n    public List<{c}> {plural(c)} {{ get; set; }} = [];" for c in m.children)
    return f"""namespace {NAMESPACE}.Entities;

/// <summary>A {m.name.lower()} as stored in the database.</summary>
public class {m.name}
{{
    public int Id {{ get; set; }}
    public string Name {{ get; set; }} = "";
    public string Code {{ get; set; }} = "";
    public string? Notes {{ get; set; }}
    public decimal Amount {{ get; set; }}
    public int Quantity {{ get; set; }}
    public bool IsActive {{ get; set; }} = true;
    public RecordStatus Status {{ get; set; }}
    public DateTime CreatedAtUtc {{ get; set; }}
    public DateTime? UpdatedAtUtc {{ get; set; }}
{parent}{children}
}}
"""


def configuration_cs(m):
    rel = ""
    if m.parent:
        rel = f"""
        builder.HasOne(x => x.{m.parent})
            .WithMany({f"p => p.{m.plural}" if m.name in Module.children_of(m.parent) else ""})
            .HasForeignKey(x => x.{m.parent}Id)
            .OnDelete(DeleteBehavior.Restrict);
"""
    return f"""using {NAMESPACE}.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace {NAMESPACE}.Data.Configurations;

public sealed class {m.name}Configuration : IEntityTypeConfiguration<{m.name}>
{{
    public void Configure(EntityTypeBuilder<{m.name}> builder)
    {{
        builder.ToTable("{m.plural}");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Name).HasMaxLength(200).IsRequired();
        builder.Property(x => x.Code).HasMaxLength(32).IsRequired();
        builder.Property(x => x.Notes).HasMaxLength(2000);
        builder.Property(x => x.Amount).HasPrecision(18, 2);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(x => x.Code).IsUnique();
        builder.HasIndex(x => new {{ x.Status, x.CreatedAtUtc }});
{rel}    }}
}}
"""


def dtos_cs(m):
    parent_field = f", int {m.parent}Id" if m.parent else ""
    return f"""namespace {NAMESPACE}.Dtos;

public sealed record {m.name}Summary(int Id, string Name, string Code, decimal Amount, RecordStatus Status);

public sealed record {m.name}Details(
    int Id,
    string Name,
    string Code,
    string? Notes,
    decimal Amount,
    int Quantity,
    bool IsActive,
    RecordStatus Status,
    DateTime CreatedAtUtc,
    DateTime? UpdatedAtUtc{parent_field});

public sealed record Create{m.name}Request(string Name, string Code, string? Notes, decimal Amount, int Quantity{parent_field});

public sealed record Update{m.name}Request(int Id, string Name, string? Notes, decimal Amount, int Quantity, bool IsActive);

public sealed record {m.name}Report(int Count, decimal Total, decimal Average, decimal Median, IReadOnlyDictionary<RecordStatus, int> ByStatus);
"""


def repository_cs(m):
    for_parent = ""
    if m.parent:
        for_parent = f"""
    public Task<List<{m.name}Summary>> ListFor{m.parent}Async(int {lower_first(m.parent)}Id, CancellationToken ct) =>
        _db.{m.plural}
            .AsNoTracking()
            .Where(x => x.{m.parent}Id == {lower_first(m.parent)}Id && x.IsActive)
            .OrderByDescending(x => x.CreatedAtUtc)
            .Select(x => new {m.name}Summary(x.Id, x.Name, x.Code, x.Amount, x.Status))
            .ToListAsync(ct);

    public Task<Dictionary<int, int>> CountPer{m.parent}Async(IReadOnlyCollection<int> {lower_first(m.parent)}Ids, CancellationToken ct) =>
        _db.{m.plural}
            .Where(x => {lower_first(m.parent)}Ids.Contains(x.{m.parent}Id))
            .GroupBy(x => x.{m.parent}Id)
            .Select(g => new {{ Key = g.Key, Count = g.Count() }})
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
"""
    return f"""using {NAMESPACE}.Data;
using {NAMESPACE}.Dtos;
using {NAMESPACE}.Entities;
using {NAMESPACE}.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace {NAMESPACE}.Repositories;

public sealed class {m.name}Repository(AppDbContext db)
{{
    private readonly AppDbContext _db = db;

    public Task<{m.name}?> FindAsync(int id, CancellationToken ct) =>
        _db.{m.plural}.FirstOrDefaultAsync(x => x.Id == id, ct);

    public Task<{m.name}Details?> GetDetailsAsync(int id, CancellationToken ct) =>
        _db.{m.plural}
            .AsNoTracking()
            .Where(x => x.Id == id)
            .Select(x => new {m.name}Details(x.Id, x.Name, x.Code, x.Notes, x.Amount, x.Quantity, x.IsActive, x.Status, x.CreatedAtUtc, x.UpdatedAtUtc{f", x.{m.parent}Id" if m.parent else ""}))
            .SingleOrDefaultAsync(ct);

    public async Task<PagedResult<{m.name}Summary>> ListAsync(int page, int pageSize, string? search, CancellationToken ct)
    {{
        var query = _db.{m.plural}.AsNoTracking().Where(x => x.IsActive);
        if (!string.IsNullOrWhiteSpace(search))
        {{
            query = query.Where(x => x.Name.Contains(search) || x.Code == search);
        }}

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderBy(x => x.Name).ThenBy(x => x.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(x => new {m.name}Summary(x.Id, x.Name, x.Code, x.Amount, x.Status))
            .ToListAsync(ct);
        return new PagedResult<{m.name}Summary>(items, page, pageSize, total);
    }}

    public Task<Dictionary<int, {m.name}>> GetByIdsAsync(IReadOnlyCollection<int> ids, CancellationToken ct) =>
        _db.{m.plural}.Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);

    public Task<List<{m.name}>> ListRecentAsync(DateTime sinceUtc, int take, CancellationToken ct) =>
        _db.{m.plural}
            .AsNoTracking()
            .Where(x => x.CreatedAtUtc >= sinceUtc && x.Status != RecordStatus.Archived)
            .OrderByDescending(x => x.CreatedAtUtc)
            .Take(take)
            .ToListAsync(ct);

    public Task<Dictionary<RecordStatus, int>> CountByStatusAsync(CancellationToken ct) =>
        _db.{m.plural}
            .GroupBy(x => x.Status)
            .Select(g => new {{ Status = g.Key, Count = g.Count() }})
            .ToDictionaryAsync(x => x.Status, x => x.Count, ct);

    public Task<bool> CodeExistsAsync(string code, CancellationToken ct) =>
        _db.{m.plural}.AnyAsync(x => x.Code == code, ct);

    public Task<int> ArchiveOlderThanAsync(DateTime cutoffUtc, CancellationToken ct) =>
        _db.{m.plural}
            .Where(x => x.CreatedAtUtc < cutoffUtc && x.Status == RecordStatus.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, RecordStatus.Archived), ct);
{for_parent}
    public void Add({m.name} entity) => _db.{m.plural}.Add(entity);

    public Task<int> SaveAsync(CancellationToken ct) => _db.SaveChangesAsync(ct);
}}
"""


def service_cs(m):
    rollup = ""
    if m.parent:
        if m.n_plus_one:
            # PG1001: one COUNT query per parent row.
            body = f"""        var result = new Dictionary<int, int>();
        foreach (var parent in parents)
        {{
            result[parent.Id] = await _db.{m.plural}.CountAsync(x => x.{m.parent}Id == parent.Id, ct);
        }}

        return result;"""
        else:
            body = f"""        var ids = parents.Select(p => p.Id).ToList();
        var counts = await _repository.CountPer{m.parent}Async(ids, ct);
        var result = new Dictionary<int, int>(ids.Count);
        foreach (var id in ids)
        {{
            result[id] = counts.GetValueOrDefault(id);
        }}

        return result;"""
        rollup = f"""
    public async Task<Dictionary<int, int>> Rollup{m.plural}Per{m.parent}Async(CancellationToken ct)
    {{
        var parents = await _db.{m.parent_plural}.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).Take(500).ToListAsync(ct);
{body}
    }}
"""
    if m.save_per_item:
        # PG1005: one SaveChanges (round trip + transaction) per imported row.
        import_loop = f"""        foreach (var request in requests)
        {{
            var entity = {m.name}Mapper.ToEntity(request, _clock.GetUtcNow().UtcDateTime);
            _db.{m.plural}.Add(entity);
            await _db.SaveChangesAsync(ct);
            imported++;
        }}"""
    else:
        import_loop = f"""        foreach (var request in requests)
        {{
            _repository.Add({m.name}Mapper.ToEntity(request, _clock.GetUtcNow().UtcDateTime));
            imported++;
        }}

        await _repository.SaveAsync(ct);"""
    return f"""using {NAMESPACE}.Data;
using {NAMESPACE}.Dtos;
using {NAMESPACE}.Entities;
using {NAMESPACE}.Infrastructure;
using {NAMESPACE}.Mapping;
using {NAMESPACE}.Repositories;
using {NAMESPACE}.Validation;
using Microsoft.EntityFrameworkCore;

namespace {NAMESPACE}.Services;

public sealed class {m.name}Service({m.name}Repository repository, AppDbContext db, TimeProvider clock, ILogger<{m.name}Service> logger)
{{
    private readonly {m.name}Repository _repository = repository;
    private readonly AppDbContext _db = db;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<{m.name}Service> _logger = logger;

    public Task<PagedResult<{m.name}Summary>> ListAsync(int page, int pageSize, string? search, CancellationToken ct)
    {{
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        return _repository.ListAsync(page, pageSize, search, ct);
    }}

    public Task<{m.name}Details?> GetAsync(int id, CancellationToken ct) => _repository.GetDetailsAsync(id, ct);

    public async Task<{m.name}Details> CreateAsync(Create{m.name}Request request, CancellationToken ct)
    {{
        var errors = {m.name}Validator.Validate(request);
        if (errors.Count > 0)
        {{
            throw new DomainException(string.Join("; ", errors));
        }}

        if (await _repository.CodeExistsAsync(request.Code, ct))
        {{
            throw new DomainException($"A {m.name.lower()} with code '{{request.Code}}' already exists.");
        }}

        var entity = {m.name}Mapper.ToEntity(request, _clock.GetUtcNow().UtcDateTime);
        _repository.Add(entity);
        await _repository.SaveAsync(ct);
        _logger.LogInformation("Created {m.name.lower()} {{Id}} ({{Code}})", entity.Id, entity.Code);
        return {m.name}Mapper.ToDetails(entity);
    }}

    public async Task<int> UpdateManyAsync(IReadOnlyList<Update{m.name}Request> requests, CancellationToken ct)
    {{
        var ids = requests.Select(r => r.Id).Distinct().ToList();
        var existing = await _repository.GetByIdsAsync(ids, ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        var updated = 0;
        foreach (var request in requests)
        {{
            if (!existing.TryGetValue(request.Id, out var entity))
            {{
                _logger.LogWarning("{m.name} {{Id}} not found; skipped", request.Id);
                continue;
            }}

            {m.name}Mapper.Apply(entity, request, now);
            updated++;
        }}

        await _repository.SaveAsync(ct);
        return updated;
    }}

    public async Task<int> ImportAsync(IReadOnlyList<Create{m.name}Request> requests, CancellationToken ct)
    {{
        var imported = 0;
{import_loop}
        return imported;
    }}

    public async Task<{m.name}Report> BuildReportAsync(int days, CancellationToken ct)
    {{
        var since = _clock.GetUtcNow().UtcDateTime.AddDays(-days);
        var rows = await _repository.ListRecentAsync(since, 5000, ct);
        var byStatus = await _repository.CountByStatusAsync(ct);

        decimal total = 0;
        var amounts = new List<decimal>(rows.Count);
        foreach (var row in rows)
        {{
            if (row.Quantity <= 0)
            {{
                continue;
            }}

            var value = row.Amount * row.Quantity;
            total += value;
            amounts.Add(value);
        }}

        var average = amounts.Count == 0 ? 0m : total / amounts.Count;
        return new {m.name}Report(amounts.Count, total, decimal.Round(average, 2), ReportMath.Median(amounts), byStatus);
    }}

    public async Task<IReadOnlyList<string>> FindDuplicateNamesAsync(CancellationToken ct)
    {{
        var names = await _db.{m.plural}.AsNoTracking().Where(x => x.IsActive).Select(x => x.Name).ToListAsync(ct);
        return names
            .GroupBy(n => n.Trim(), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }}

    public Task<int> ArchiveAsync(int olderThanDays, CancellationToken ct) =>
        _repository.ArchiveOlderThanAsync(_clock.GetUtcNow().UtcDateTime.AddDays(-olderThanDays), ct);
{rollup}}}
"""


def controller_cs(m):
    route = m.plural.lower()
    return f"""using {NAMESPACE}.Dtos;
using {NAMESPACE}.Infrastructure;
using {NAMESPACE}.Services;
using Microsoft.AspNetCore.Mvc;

namespace {NAMESPACE}.Controllers;

[ApiController]
[Route("api/{route}")]
public sealed class {m.plural}Controller({m.name}Service service) : ControllerBase
{{
    [HttpGet]
    public Task<PagedResult<{m.name}Summary>> List([FromQuery] int page = 1, [FromQuery] int pageSize = 50, [FromQuery] string? search = null, CancellationToken ct = default) =>
        service.ListAsync(page, pageSize, search, ct);

    [HttpGet("{{id:int}}")]
    public async Task<ActionResult<{m.name}Details>> Get(int id, CancellationToken ct)
    {{
        var details = await service.GetAsync(id, ct);
        return details is null ? NotFound() : Ok(details);
    }}

    [HttpPost]
    public async Task<ActionResult<{m.name}Details>> Create(Create{m.name}Request request, CancellationToken ct)
    {{
        try
        {{
            var created = await service.CreateAsync(request, ct);
            return CreatedAtAction(nameof(Get), new {{ id = created.Id }}, created);
        }}
        catch (DomainException ex)
        {{
            return ValidationProblem(ex.Message);
        }}
    }}

    [HttpPut]
    public async Task<ActionResult<int>> UpdateMany(IReadOnlyList<Update{m.name}Request> requests, CancellationToken ct) =>
        Ok(await service.UpdateManyAsync(requests, ct));

    [HttpPost("import")]
    public async Task<ActionResult<int>> Import(IReadOnlyList<Create{m.name}Request> requests, CancellationToken ct) =>
        requests.Count > 1000 ? BadRequest("At most 1000 rows per import.") : Ok(await service.ImportAsync(requests, ct));

    [HttpGet("report")]
    public Task<{m.name}Report> Report([FromQuery] int days = 30, CancellationToken ct = default) =>
        service.BuildReportAsync(Math.Clamp(days, 1, 365), ct);
}}
"""


def validator_cs(m):
    parent_check = ""
    if m.parent:
        parent_check = f"""
        if (request.{m.parent}Id <= 0)
        {{
            errors.Add("{m.parent}Id must be positive.");
        }}
"""
    return f"""using {NAMESPACE}.Dtos;

namespace {NAMESPACE}.Validation;

public static class {m.name}Validator
{{
    private static readonly HashSet<string> ReservedCodes = new(StringComparer.OrdinalIgnoreCase) {{ "NEW", "NONE", "TEST", "{m.name.upper()[:4]}" }};

    public static List<string> Validate(Create{m.name}Request request)
    {{
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {{
            errors.Add("Name is required and at most 200 characters.");
        }}

        if (!IsValidCode(request.Code))
        {{
            errors.Add("Code must be 3-32 letters, digits or dashes.");
        }}
        else if (ReservedCodes.Contains(request.Code))
        {{
            errors.Add($"Code '{{request.Code}}' is reserved.");
        }}

        if (request.Amount < 0 || request.Amount > 1_000_000m)
        {{
            errors.Add("Amount must be between 0 and 1,000,000.");
        }}

        if (request.Quantity < 0)
        {{
            errors.Add("Quantity cannot be negative.");
        }}
{parent_check}
        if (request.Notes is {{ Length: > 2000 }})
        {{
            errors.Add("Notes are at most 2000 characters.");
        }}

        return errors;
    }}

    public static bool IsValidCode(string? code)
    {{
        if (code is null || code.Length < 3 || code.Length > 32)
        {{
            return false;
        }}

        foreach (var c in code)
        {{
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {{
                return false;
            }}
        }}

        return code[0] != '-' && code[^1] != '-';
    }}
}}
"""


def mapper_cs(m):
    parent_arg = f", entity.{m.parent}Id" if m.parent else ""
    parent_set = f"\n            {m.parent}Id = request.{m.parent}Id," if m.parent else ""
    return f"""using {NAMESPACE}.Dtos;
using {NAMESPACE}.Entities;

namespace {NAMESPACE}.Mapping;

public static class {m.name}Mapper
{{
    public static {m.name}Summary ToSummary({m.name} entity) =>
        new(entity.Id, entity.Name, entity.Code, entity.Amount, entity.Status);

    public static {m.name}Details ToDetails({m.name} entity) =>
        new(entity.Id, entity.Name, entity.Code, entity.Notes, entity.Amount, entity.Quantity, entity.IsActive,
            entity.Status, entity.CreatedAtUtc, entity.UpdatedAtUtc{parent_arg});

    public static {m.name} ToEntity(Create{m.name}Request request, DateTime nowUtc) =>
        new()
        {{
            Name = request.Name.Trim(),
            Code = request.Code.ToUpperInvariant(),
            Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(),
            Amount = decimal.Round(request.Amount, 2),
            Quantity = request.Quantity,
            Status = RecordStatus.Open,
            CreatedAtUtc = nowUtc,{parent_set}
        }};

    public static void Apply({m.name} entity, Update{m.name}Request request, DateTime nowUtc)
    {{
        entity.Name = request.Name.Trim();
        entity.Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim();
        entity.Amount = decimal.Round(request.Amount, 2);
        entity.Quantity = request.Quantity;
        entity.IsActive = request.IsActive;
        entity.UpdatedAtUtc = nowUtc;
        if (!request.IsActive && entity.Status == RecordStatus.Open)
        {{
            entity.Status = RecordStatus.Closed;
        }}
    }}

    public static List<{m.name}Summary> ToSummaries(IEnumerable<{m.name}> entities)
    {{
        var result = new List<{m.name}Summary>();
        foreach (var entity in entities)
        {{
            result.Add(ToSummary(entity));
        }}

        return result;
    }}
}}
"""


# ----------------------------------------------------------------------------- fixed files

def client_cs(k):
    name = f"PartnerApi{k + 1}Client"
    per_call = k in (1, 4)  # PG2002 in two clients
    if per_call:
        get_body = """        using var http = new HttpClient { BaseAddress = _options.BaseAddress, Timeout = _options.Timeout };
        return await http.GetFromJsonAsync<PartnerItem>($"items/{Uri.EscapeDataString(id)}", ct);"""
        ctor = f"public sealed class {name}(ClientOptions options)"
        fields = "    private readonly ClientOptions _options = options;"
        http = "_shared"
        extra_field = "\n    private readonly HttpClient _shared = new() { BaseAddress = options.BaseAddress, Timeout = options.Timeout };"
    else:
        get_body = """        return await _http.GetFromJsonAsync<PartnerItem>($"items/{Uri.EscapeDataString(id)}", ct);"""
        ctor = f"public sealed class {name}(HttpClient http)"
        fields = "    private readonly HttpClient _http = http;"
        http = "_http"
        extra_field = ""
    return name, f"""using System.Net.Http.Json;

namespace {NAMESPACE}.Clients;

/// <summary>Client for partner API #{k + 1}{" (creates an HttpClient per call: PerfGate PG2002)" if per_call else " (typed client from IHttpClientFactory)"}.</summary>
{ctor}
{{
{fields}{extra_field}

    public async Task<PartnerItem?> GetItemAsync(string id, CancellationToken ct)
    {{
{get_body}
    }}

    // Independent lookups run concurrently, not one after another.
    public async Task<IReadOnlyList<PartnerItem>> GetItemsAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {{
        var tasks = ids.Distinct(StringComparer.Ordinal).Take(20)
            .Select(id => {http}.GetFromJsonAsync<PartnerItem>($"items/{{Uri.EscapeDataString(id)}}", ct))
            .ToList();
        var items = await Task.WhenAll(tasks);
        return items.Where(i => i is not null).Select(i => i!).ToList();
    }}

    public async Task<bool> PushAsync(PartnerItem item, CancellationToken ct)
    {{
        using var response = await {http}.PostAsJsonAsync("items", item, ct);
        return response.IsSuccessStatusCode;
    }}
}}
"""


def fixed_files(modules, clients):
    files = {}
    files["Infrastructure/PagedResult.cs"] = f"""namespace {NAMESPACE}.Infrastructure;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{{
    public int PageCount => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}}
"""
    files["Infrastructure/DomainException.cs"] = f"""namespace {NAMESPACE}.Infrastructure;

public sealed class DomainException(string message) : Exception(message);
"""
    files["Infrastructure/ReportMath.cs"] = f"""namespace {NAMESPACE}.Infrastructure;

public static class ReportMath
{{
    public static decimal Median(List<decimal> values)
    {{
        if (values.Count == 0)
        {{
            return 0m;
        }}

        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2m;
    }}

    public static IReadOnlyList<decimal> Buckets(IEnumerable<decimal> values, decimal width)
    {{
        var counts = new SortedDictionary<decimal, int>();
        foreach (var value in values)
        {{
            var bucket = Math.Floor(value / width) * width;
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
        }}

        return counts.Keys.ToList();
    }}
}}
"""
    files["Entities/RecordStatus.cs"] = f"""namespace {NAMESPACE};

public enum RecordStatus
{{
    Open,
    Pending,
    Closed,
    Archived,
}}
"""
    files["Clients/ClientOptions.cs"] = f"""namespace {NAMESPACE}.Clients;

public sealed class ClientOptions
{{
    public Uri BaseAddress {{ get; init; }} = new("https://partner.example.com/");
    public TimeSpan Timeout {{ get; init; }} = TimeSpan.FromSeconds(10);
}}

public sealed record PartnerItem(string Id, string Name, decimal Price);
"""
    dbsets = "\n".join(f"    public DbSet<{m.name}> {m.plural} => Set<{m.name}>();" for m in modules)
    files["Data/AppDbContext.cs"] = f"""using {NAMESPACE}.Entities;
using Microsoft.EntityFrameworkCore;

namespace {NAMESPACE}.Data;

public class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{{
{dbsets}

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}}
"""
    regs = "\n".join(
        f"builder.Services.AddScoped<{m.name}Repository>();\nbuilder.Services.AddScoped<{m.name}Service>();"
        for m in modules)
    client_regs = []
    for k, (name, per_call) in enumerate(clients):
        if per_call:
            client_regs.append(f"builder.Services.AddSingleton<{name}>();")
        else:
            client_regs.append(
                f"builder.Services.AddHttpClient<{name}>(c => {{ c.BaseAddress = new Uri(\"https://partner{k + 1}.example.com/\"); c.Timeout = TimeSpan.FromSeconds(10); }});")
    files["Program.cs"] = f"""using System.Text.Json.Serialization;
using {NAMESPACE}.Clients;
using {NAMESPACE}.Data;
using {NAMESPACE}.Repositories;
using {NAMESPACE}.Services;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDbContext<AppDbContext>(options =>
    options.UseSqlite(builder.Configuration.GetConnectionString("Shop") ?? "Data Source=benchshop.db"));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(new ClientOptions());
{regs}
{chr(10).join(client_regs)}

builder.Services.AddControllers()
    .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseExceptionHandler();
app.MapControllers();
app.MapGet("/", () => "BenchShop");
app.Run();
"""
    return files


CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RootNamespace>BenchShop</RootNamespace>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="10.0.15" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
  </ItemGroup>

</Project>
"""

# Reports everything, fails nothing: the benchmark measures the cost of a normal, passing build.
POLICY = """version: 1
failOn: never
rules:
  PG1001: error
  PG1005: error
  PG2002: warning
paths:
  exclude: ["**/Migrations/**"]
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir")
    parser.add_argument("--files", type=int, default=300, help="minimum number of .cs files (default 300)")
    args = parser.parse_args()

    count = max(2, math.ceil((args.files - FIXED_FILES) / FILES_PER_MODULE))
    names = entity_names(count)
    modules = [Module(i, names) for i in range(count)]
    children = {}
    for m in modules:
        if m.parent:
            children.setdefault(m.parent, set()).add(m.name)
    Module.children_of = staticmethod(lambda parent: children.get(parent, set()))
    # Keep the entity's collections consistent with the configurations (children listed both sides).
    for m in modules:
        m.children = sorted(children.get(m.name, set()), key=names.index)

    root = args.outdir
    if os.path.exists(root) and os.listdir(root):
        sys.exit(f"generate_project.py: {root} exists and is not empty")
    written = []
    write(root, "BenchShop.csproj", CSPROJ, written)
    write(root, "perfgate.yml", POLICY, written)
    for m in modules:
        write(root, f"Entities/{m.name}.cs", entity_cs(m), written)
        write(root, f"Data/Configurations/{m.name}Configuration.cs", configuration_cs(m), written)
        write(root, f"Dtos/{m.name}Dtos.cs", dtos_cs(m), written)
        write(root, f"Repositories/{m.name}Repository.cs", repository_cs(m), written)
        write(root, f"Services/{m.name}Service.cs", service_cs(m), written)
        write(root, f"Controllers/{m.plural}Controller.cs", controller_cs(m), written)
        write(root, f"Validation/{m.name}Validator.cs", validator_cs(m), written)
        write(root, f"Mapping/{m.name}Mapper.cs", mapper_cs(m), written)
    clients = []
    for k in range(CLIENT_COUNT):
        name, text = client_cs(k)
        write(root, f"Clients/{name}.cs", text, written)
        clients.append((name, k in (1, 4)))
    for rel, text in fixed_files(modules, clients).items():
        write(root, rel, text, written)

    cs_files = [w for w in written if w.endswith(".cs")]
    lines = 0
    for rel in cs_files:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            lines += sum(1 for _ in f)
    expected = (sum(1 for m in modules if m.n_plus_one) + sum(1 for m in modules if m.save_per_item)
                + sum(1 for _, per_call in clients if per_call))
    print(f"generated {len(cs_files)} C# files ({lines} lines, {count} entities) in {root}; "
          f"planted findings: {sum(1 for m in modules if m.n_plus_one)} PG1001, "
          f"{sum(1 for m in modules if m.save_per_item)} PG1005, "
          f"{sum(1 for _, p in clients if p)} PG2002 ({expected} total)")


if __name__ == "__main__":
    main()
