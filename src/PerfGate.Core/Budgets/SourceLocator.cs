using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Budgets;

/// <summary>
/// Finds a benchmark method in the repository's C# files so a PG6001 finding can point at the code
/// that regressed: the first <c>Method(</c> after <c>class Type</c> in a file that declares the namespace.
/// Files are read line by line; bin, obj, .git and node_modules are skipped.
/// </summary>
public sealed class SourceLocator
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", "node_modules", ".vs", "BenchmarkDotNet.Artifacts", "artifacts", "TestResults",
    };

    private readonly string _root;
    private IReadOnlyList<string>? _files;
    private readonly Dictionary<string, (string Path, SourceRegion Region)?> _cache = new(StringComparer.Ordinal);

    public SourceLocator(string root) => _root = root;

    public (string Path, SourceRegion Region)? Find(string? ns, string? type, string? method)
    {
        if (string.IsNullOrEmpty(type) || string.IsNullOrEmpty(method)) return null;
        string key = ns + "|" + type + "|" + method;
        if (_cache.TryGetValue(key, out var cached)) return cached;

        string typeName = SimpleName(type);
        var classPattern = new Regex(@"\b(class|struct|record)\s+" + Regex.Escape(typeName) + @"\b", RegexOptions.CultureInvariant);
        var methodPattern = new Regex(@"\b" + Regex.Escape(method) + @"\s*(<[^>]*>)?\s*\(", RegexOptions.CultureInvariant);
        (string, SourceRegion)? found = null;
        foreach (string file in Files())
        {
            found = Search(file, ns, classPattern, methodPattern);
            if (found != null) break;
        }
        _cache[key] = found;
        return found;
    }

    private static (string, SourceRegion)? Search(string file, string? ns, Regex classPattern, Regex methodPattern)
    {
        try
        {
            bool inClass = false, sawNamespace = string.IsNullOrEmpty(ns);
            int lineNumber = 0;
            foreach (string line in File.ReadLines(file))
            {
                lineNumber++;
                string trimmed = line.TrimStart();
                if (trimmed.StartsWith("//", StringComparison.Ordinal)) continue;
                if (!sawNamespace && trimmed.StartsWith("namespace ", StringComparison.Ordinal) && trimmed.Substring(10).TrimEnd(';', ' ', '{').Trim() == ns)
                    sawNamespace = true;
                if (!inClass)
                {
                    if (classPattern.IsMatch(line)) inClass = true;
                    continue;
                }
                Match match = methodPattern.Match(line);
                if (match.Success && sawNamespace && !trimmed.StartsWith("[", StringComparison.Ordinal))
                {
                    int column = match.Index + 1;
                    return (file, new SourceRegion(lineNumber, column, lineNumber, column + match.Length - 1));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable source file only means the finding stays at the result file.
        }
        return null;
    }

    private IReadOnlyList<string> Files()
    {
        if (_files != null) return _files;
        var files = new List<string>();
        var pending = new Stack<string>();
        if (Directory.Exists(_root)) pending.Push(_root);
        while (pending.Count > 0 && files.Count < 100_000)
        {
            string folder = pending.Pop();
            try
            {
                foreach (string sub in Directory.EnumerateDirectories(folder))
                    if (!SkippedFolders.Contains(Path.GetFileName(sub))) pending.Push(sub);
                files.AddRange(Directory.EnumerateFiles(folder, "*.cs"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        files.Sort(StringComparer.Ordinal);
        return _files = files;
    }

    private static string SimpleName(string type)
    {
        string name = type;
        int generic = name.IndexOfAny(new[] { '<', '`' });
        if (generic > 0) name = name.Substring(0, generic);
        int dot = name.LastIndexOf('.');
        return dot >= 0 ? name.Substring(dot + 1) : name;
    }
}
