using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace PerfGate.Cli.Collect;

/// <summary>
/// Appends received exports, one OTLP/JSON line each, to this run's trace files in a folder: <c>NAME.otlp.json</c>,
/// then <c>NAME-2.otlp.json</c>… once a file passes <see cref="MaxFileBytes"/>. A file is written as
/// <c>….partial</c> and renamed when it is complete, so a run that is killed never leaves a half line for
/// <c>budgets.traces</c> to stumble on. Thread-safe; memory is one write buffer, whatever the number of spans.
/// </summary>
internal sealed class TraceFileSink : IDisposable
{
    private const string Extension = ".otlp.json";
    private const string Partial = ".partial";
    private readonly object _gate = new();
    private readonly string _folder;
    private readonly long _maxFileBytes;
    private readonly List<string> _files = new();
    private FileStream? _current;
    private string? _currentPath;
    private bool _closed;

    public TraceFileSink(string folder, string name, long maxFileBytes = DefaultMaxFileBytes)
    {
        _folder = Path.GetFullPath(folder);
        Name = name;
        _maxFileBytes = maxFileBytes;
        Directory.CreateDirectory(_folder);
    }

    public const long DefaultMaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The run's file name without extension: every file of the run matches <c>NAME*.otlp.json</c>.</summary>
    public string Name { get; }

    public string Folder => _folder;

    public long Spans { get; private set; }
    public long Exports { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>The completed files, in the order written (available after <see cref="Dispose"/>).</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>A unique run name: <c>collect-UTCSTAMP-PID</c>, with a suffix when such files already exist.</summary>
    public static string NewRunName(string folder, DateTime utcNow)
    {
        string stem = "collect-" + utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-"
            + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string name = stem;
        for (int n = 2; Directory.Exists(folder) && Directory.EnumerateFiles(folder, name + "*").GetEnumerator().MoveNext(); n++)
            name = stem + "-r" + n.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    /// <summary>Appends one export line (ending in a line feed) holding <paramref name="spans"/> spans.</summary>
    public void Append(ReadOnlySpan<byte> line, int spans)
    {
        lock (_gate)
        {
            if (_closed) throw new ObjectDisposedException(nameof(TraceFileSink), "the run's trace files are already closed");
            if (_current == null || (_current.Length > 0 && _current.Length + line.Length > _maxFileBytes)) Rotate();
            _current!.Write(line);
            Spans += spans;
            Exports++;
            Bytes += line.Length;
        }
    }

    private void Rotate()
    {
        Complete();
        string suffix = _files.Count == 0 ? "" : "-" + (_files.Count + 1).ToString(CultureInfo.InvariantCulture);
        _currentPath = Path.Combine(_folder, Name + suffix + Extension);
        _current = new FileStream(_currentPath + Partial, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20);
    }

    private void Complete()
    {
        if (_current == null) return;
        _current.Flush(flushToDisk: false);
        _current.Dispose();
        File.Move(_currentPath + Partial, _currentPath!, overwrite: false);
        _files.Add(_currentPath!);
        _current = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            Complete();
        }
    }
}
