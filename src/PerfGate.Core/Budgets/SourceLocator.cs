using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PerfGate.Core.Evidence;
using PerfGate.Core.IO;

namespace PerfGate.Core.Budgets;

/// <summary>
/// Finds a benchmark method in the repository's C# files so a PG6001 finding can point at the code
/// that regressed: the first <c>Method(</c> after <c>class Type</c> in a file that declares the namespace.
/// Files are read line by line; bin, obj, .git and node_modules are skipped; only regular files inside the repository are
/// read, each real folder once (<see cref="DirectoryWalker"/>), and the patterns never backtrack.
/// </summary>
public sealed class SourceLocator
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", "node_modules", ".vs", "BenchmarkDotNet.Artifacts", "artifacts", "TestResults",
    };

    private readonly string _root;
    private readonly InputScope _scope;
    private IReadOnlyList<string>? _files;
    private readonly Dictionary<string, (string Path, SourceRegion Region)?> _cache = new(StringComparer.Ordinal);

    public SourceLocator(string root, InputScope? scope = null)
    {
        _root = root;
        _scope = scope ?? InputScope.Around(root);
    }

    public (string Path, SourceRegion Region)? Find(string? ns, string? type, string? method)
    {
        if (string.IsNullOrEmpty(type) || string.IsNullOrEmpty(method)) return null;
        string key = ns + "|" + type + "|" + method;
        if (_cache.TryGetValue(key, out var cached)) return cached;

        string typeName = SimpleName(type);
        // A name no C# declaration can have is found nowhere (and a huge one would make an automaton of millions of states).
        if (!IsIdentifier(typeName) || !IsIdentifier(method))
        {
            _cache[key] = null;
            return null;
        }

        // The names come from a benchmark file and the lines from the repository: linear matching, whatever they hold.
        const RegexOptions Linear = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        var classPattern = new Regex(@"\b(class|struct|record)\s+" + Regex.Escape(typeName) + @"\b", Linear);
        var methodPattern = new Regex(@"\b" + Regex.Escape(method) + @"\s*(<[^>]*>)?\s*\(", Linear);
        (string, SourceRegion)? found = null;
        foreach (string file in Files())
        {
            found = Search(file, ns, classPattern, methodPattern);
            if (found != null) break;
        }
        _cache[key] = found;
        return found;
    }

    private static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 512 && name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '@');

    private static (string, SourceRegion)? Search(string file, string? ns, Regex classPattern, Regex methodPattern)
    {
        try
        {
            bool inClass = false, sawNamespace = string.IsNullOrEmpty(ns);
            int lineNumber = 0;
            using var reader = new StreamReader(RegularFile.OpenRead(file));
            for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
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
        if (!Directory.Exists(_root)) return _files = Array.Empty<string>();
        return _files = DirectoryWalker.Walk(_root, _scope, file => file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase),
            folder => SkippedFolders.Contains(Path.GetFileName(folder))).Files.Take(100_000).ToArray();
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
