namespace PerfGate.Core.Policy;

/// <summary>A problem in a policy file, reported as PG0001 at <c>file(line,col)</c>.</summary>
public sealed record PolicyError(string FilePath, int Line, int Column, string Message)
{
    public override string ToString() => $"{FilePath}({Line},{Column}): {Message}";
}
