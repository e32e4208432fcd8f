using System.Globalization;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Json;

/// <summary>Typed access to <see cref="PositionedJsonNode"/>s that fails with a positioned <see cref="EvidenceException"/>.</summary>
public sealed class JsonShape
{
    public JsonShape(string path, string what)
    {
        Path = path;
        What = what;
    }

    public string Path { get; }

    /// <summary>What the file is, for messages ("BenchmarkDotNet result file").</summary>
    public string What { get; }

    public JsonObjectNode Object(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        node as JsonObjectNode ?? throw Wrong(node, parent, expected);

    public JsonArrayNode Array(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        node as JsonArrayNode ?? throw Wrong(node, parent, expected);

    public string String(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        (node as JsonStringNode)?.Value ?? throw Wrong(node, parent, expected);

    public double Number(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        node is JsonNumberNode number ? number.Value : throw Wrong(node, parent, expected);

    /// <summary>A number, or null when the property is absent or JSON null.</summary>
    public double? OptionalNumber(PositionedJsonNode? node, PositionedJsonNode parent, string expected) => node switch
    {
        null or JsonNullNode => null,
        JsonNumberNode number => number.Value,
        _ => throw Wrong(node, parent, expected),
    };

    public string? OptionalString(PositionedJsonNode? node, PositionedJsonNode parent, string expected) => node switch
    {
        null or JsonNullNode => null,
        JsonStringNode text => text.Value,
        _ => throw Wrong(node, parent, expected),
    };

    /// <summary>A number that is 0 or more (a time, a count, bytes): anything else is an impossible figure at the number.</summary>
    public double NonNegative(PositionedJsonNode? node, PositionedJsonNode parent, string expected)
    {
        double value = Number(node, parent, expected);
        return value >= 0 ? value : throw Impossible(node!, expected, value);
    }

    /// <summary><see cref="NonNegative"/>, or null when the property is absent or JSON null.</summary>
    public double? OptionalNonNegative(PositionedJsonNode? node, PositionedJsonNode parent, string expected)
    {
        double? value = OptionalNumber(node, parent, expected);
        return value is null or >= 0 ? value : throw Impossible(node!, expected, value.Value);
    }

    /// <summary>A fraction from 0 to 1 (a k6 rate: the share of checks or requests that passed or failed).</summary>
    public double Fraction(PositionedJsonNode? node, PositionedJsonNode parent, string expected)
    {
        double value = Number(node, parent, expected);
        return value is >= 0 and <= 1 ? value : throw Impossible(node!, expected, value);
    }

    /// <summary>A figure the tool that wrote the file cannot have measured (a negative duration, a rate above 1).</summary>
    public EvidenceException Impossible(PositionedJsonNode at, string expected, double found) =>
        Error(at, $"the {What} holds an impossible figure: expected {expected}, found {Figure(found)}");

    public EvidenceException Error(PositionedJsonNode at, string message) => new(Path, at.Line, at.Column, message);

    public EvidenceException Wrong(PositionedJsonNode? node, PositionedJsonNode parent, string expected)
    {
        PositionedJsonNode at = node ?? parent;
        string found = node == null ? "nothing (the property is missing)" : node.Kind;
        return new EvidenceException(Path, at.Line, at.Column, $"the {What} does not have the expected shape: expected {expected}, found {found}");
    }

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A figure as found in a file, short whatever its size: "-1000000000", "1E+300".</summary>
    public static string Figure(double value) =>
        System.Math.Abs(value) < 1e15 ? Format(value) : value.ToString("G6", CultureInfo.InvariantCulture);
}
