/// <summary>
/// The findings to judge, drawn the same way every time: all of them when there are at most <c>size</c>; otherwise every
/// rule with findings gets up to <see cref="PerRuleFloor"/>, and the rest of <c>size</c> is shared among the rules in
/// proportion to their remaining findings (largest remainder, ties by rule id). Within a rule the findings with the
/// lowest hash of their key are taken, so a rule change that removes or adds findings leaves the others' places alone.
/// </summary>
static class Sampling
{
    public const int PerRuleFloor = 2;

    public static List<FindingRow> Draw(IReadOnlyList<FindingRow> findings, int size)
    {
        if (findings.Count <= size) return findings.ToList();
        var rules = findings.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Rule: g.Key,
                Ranked: g.OrderBy(f => FindingsTable.Hash(f.Key), StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal).ToList()))
            .ToList();
        var quota = rules.ToDictionary(r => r.Rule, r => Math.Min(r.Ranked.Count, PerRuleFloor));
        int left = size - quota.Values.Sum();
        int rest = rules.Sum(r => r.Ranked.Count - quota[r.Rule]);
        if (left > 0 && rest > 0)
        {
            var shares = rules.Select(r => (r.Rule, Exact: (double)left * (r.Ranked.Count - quota[r.Rule]) / rest)).ToList();
            foreach (var s in shares) quota[s.Rule] += (int)Math.Floor(s.Exact);
            int remaining = left - shares.Sum(s => (int)Math.Floor(s.Exact));
            foreach (var s in shares.OrderByDescending(s => s.Exact - Math.Floor(s.Exact)).ThenBy(s => s.Rule, StringComparer.Ordinal).Take(remaining))
                quota[s.Rule]++;
        }
        return rules.SelectMany(r => r.Ranked.Take(quota[r.Rule])).ToList();
    }
}
