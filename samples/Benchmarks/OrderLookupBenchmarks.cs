using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace OrderLookup.Benchmarks;

/// <summary>
/// Resolving the product of every order line: the slow version looks each product up on its own
/// (what PG1001 flags when the lookup is an EF Core query), the fast one resolves them in one batch.
/// Set PERFGATE_SAMPLE_VARIANT=regressed to make the batched version do needless extra work
/// (a copy of every product per call): that is how the "regressed" test results were produced.
/// </summary>
[MemoryDiagnoser]
public class OrderLookupBenchmarks
{
    private readonly List<Product> _products = new();
    private readonly List<int> _lineProductIds = new();
    private bool _regressed;

    [GlobalSetup]
    public void Setup()
    {
        _regressed = Environment.GetEnvironmentVariable("PERFGATE_SAMPLE_VARIANT") == "regressed";
        var random = new Random(42);
        for (int i = 0; i < 2_000; i++) _products.Add(new Product(i, "Product " + i, 1 + i % 97));
        for (int i = 0; i < 200; i++) _lineProductIds.Add(random.Next(_products.Count));
    }

    [Benchmark(Baseline = true)]
    public decimal SerialLookups()
    {
        decimal total = 0;
        foreach (int id in _lineProductIds)
            total += _products.First(p => p.Id == id).Price;
        return total;
    }

    [Benchmark]
    public decimal BatchedLookup()
    {
        IEnumerable<Product> source = _regressed ? _products.Select(p => p with { }).ToList() : _products;
        var wanted = new HashSet<int>(_lineProductIds);
        var byId = source.Where(p => wanted.Contains(p.Id)).ToDictionary(p => p.Id);
        decimal total = 0;
        foreach (int id in _lineProductIds) total += byId[id].Price;
        return total;
    }
}

public sealed record Product(int Id, string Name, decimal Price);
