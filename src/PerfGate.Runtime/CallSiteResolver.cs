using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace PerfGate.Runtime;

/// <summary>A source location in user code: where a DB or HTTP call was made.</summary>
public sealed record CallSite(string FilePath, int Line, string? Function);

/// <summary>
/// Finds the first frame of user code on the current stack. Cheap and bounded: the stack is captured
/// without file information (no PDB read), at most <see cref="MaxFrames"/> frames are examined, and the
/// file and line of a (method, IL offset) pair are resolved once and cached.
/// </summary>
internal sealed class CallSiteResolver
{
    public const int MaxFrames = 96;
    private readonly ConcurrentDictionary<(IntPtr Method, int Offset), CallSite?> _cache = new();
    private readonly ConcurrentDictionary<Assembly, bool> _userAssemblies = new();
    private readonly Func<Assembly, bool> _isUserAssembly;

    public CallSiteResolver(Func<Assembly, bool>? isUserAssembly) =>
        _isUserAssembly = isUserAssembly ?? IsUserAssemblyByName;

    public int Lookups;
    public int Resolutions;

    public CallSite? Current()
    {
        Lookups++;
        var trace = new StackTrace(2, false);
        int count = Math.Min(trace.FrameCount, MaxFrames);
        for (int i = 0; i < count; i++)
        {
            StackFrame? frame = trace.GetFrame(i);
            MethodBase? method = frame?.GetMethod();
            if (frame == null || method?.DeclaringType is not { } type) continue;
            if (!_userAssemblies.GetOrAdd(type.Assembly, _isUserAssembly)) continue;
            int offset = frame.GetILOffset();
            var key = (method.MethodHandle.Value, offset);
            if (_cache.TryGetValue(key, out CallSite? cached))
            {
                if (cached != null) return cached;
                continue;
            }
            CallSite? resolved = Resolve(method, offset);
            _cache.TryAdd(key, resolved);
            if (resolved != null) return resolved;
        }
        return null;
    }

    // File information for one frame: recapture with file info (rare: once per call site) and match the frame.
    private CallSite? Resolve(MethodBase method, int offset)
    {
        Resolutions++;
        var trace = new StackTrace(2, true);
        int count = Math.Min(trace.FrameCount, MaxFrames + 8);
        for (int i = 0; i < count; i++)
        {
            StackFrame? frame = trace.GetFrame(i);
            if (frame?.GetMethod() is not { DeclaringType: not null } m || m.MetadataToken != method.MetadataToken || m.Module != method.Module
                || frame.GetILOffset() != offset) continue;
            string? file = frame.GetFileName();
            int line = frame.GetFileLineNumber();
            if (string.IsNullOrEmpty(file) || line <= 0) return null;
            return new CallSite(file, line, FunctionName(m));
        }
        return null;
    }

    // Async and iterator methods run as <Name>d__N.MoveNext; report the method the user wrote.
    private static string FunctionName(MethodBase method)
    {
        Type? type = method.DeclaringType;
        if (type != null && method.Name == "MoveNext" && type.Name.StartsWith('<'))
        {
            int end = type.Name.IndexOf('>');
            string name = end > 1 ? type.Name.Substring(1, end - 1) : type.Name;
            return (type.DeclaringType?.FullName ?? "") + "." + name;
        }
        return (type?.FullName ?? "") + "." + method.Name;
    }

    internal static bool IsUserAssemblyByName(Assembly assembly)
    {
        string name = assembly.GetName().Name ?? "";
        if (assembly.IsDynamic) return false;
        foreach (string prefix in FrameworkPrefixes)
            if (name.Equals(prefix, StringComparison.Ordinal) || name.StartsWith(prefix + ".", StringComparison.Ordinal)) return false;
        return true;
    }

    private static readonly string[] FrameworkPrefixes =
    {
        "System", "Microsoft", "mscorlib", "netstandard", "Npgsql", "SQLitePCLRaw", "Dapper", "Pomelo", "Polly",
        "PerfGate", "nunit", "NUnit", "xunit", "testhost", "Castle", "Moq", "Newtonsoft", "Grpc", "OpenTelemetry",
    };
}
