using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PerfGate.Core.Budgets;

public enum ComparisonOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

public enum ThresholdUnit
{
    /// <summary>A plain number: a count, or a rate as a fraction (0.01).</summary>
    None,
    Milliseconds,
    Seconds,
    Percent,
}

/// <summary>
/// A condition that must hold for a load-test metric, written as in the policy:
/// <c>http_req_duration.p95: "&lt; 300ms"</c>.
/// </summary>
public sealed record ThresholdCondition(
    string Metric,
    ComparisonOperator Operator,
    double Value,
    ThresholdUnit Unit,
    string Text,
    PolicyPosition Position)
{
    private static readonly Regex Pattern = new(
        @"^\s*(<=|>=|<|>)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(ms|s|%)?\s*$",
        RegexOptions.CultureInvariant);

    public const string Expected = "a condition such as \"< 300ms\", \"<= 1.5s\", \"< 1%\" or \">= 100\" (operators <, <=, >, >=; units ms, s, %)";

    /// <summary>Parses the condition text; null when it does not match <see cref="Expected"/>.</summary>
    public static (ComparisonOperator Operator, double Value, ThresholdUnit Unit)? Parse(string text)
    {
        Match match = Pattern.Match(text);
        if (!match.Success) return null;
        ComparisonOperator op = match.Groups[1].Value switch
        {
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            ">" => ComparisonOperator.Greater,
            _ => ComparisonOperator.GreaterOrEqual,
        };
        double value = double.Parse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        ThresholdUnit unit = match.Groups[3].Value switch
        {
            "ms" => ThresholdUnit.Milliseconds,
            "s" => ThresholdUnit.Seconds,
            "%" => ThresholdUnit.Percent,
            _ => ThresholdUnit.None,
        };
        return (op, value, unit);
    }

    public bool Holds(double actual) => Operator switch
    {
        ComparisonOperator.Less => actual < Value,
        ComparisonOperator.LessOrEqual => actual <= Value,
        ComparisonOperator.Greater => actual > Value,
        _ => actual >= Value,
    };

    public static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    public static string Suffix(ThresholdUnit unit) => unit switch
    {
        ThresholdUnit.Milliseconds => "ms",
        ThresholdUnit.Seconds => "s",
        ThresholdUnit.Percent => "%",
        _ => "",
    };

    /// <summary>The condition as the policy wrote it, normalised: "&lt; 300ms".</summary>
    public string Display => Symbol(Operator) + " " + Value.ToString("0.###", CultureInfo.InvariantCulture) + Suffix(Unit);

    /// <summary>How much room is left before the condition breaks, as a fraction of the limit (negative when broken).</summary>
    public double? Headroom(double actual)
    {
        if (Value == 0) return null;
        double room = Operator is ComparisonOperator.Less or ComparisonOperator.LessOrEqual ? Value - actual : actual - Value;
        return room / Math.Abs(Value);
    }
}
