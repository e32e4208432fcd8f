using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace PerfGate.Analyzers.Findings
{
    /// <summary>
    /// Renders the findings log as a small SARIF 2.1.0 file in the shape of the compiler's own log (results with
    /// <c>file:///</c> URIs, regions and related locations), so every reader of compiler logs reads it unchanged; and
    /// writes it atomically. Sorted, no timestamps: the same compilation gives the same bytes.
    /// </summary>
    internal static class FindingsLogWriter
    {
        public static string Render(IEnumerable<FindingsLogEntry> findings)
        {
            var json = new StringBuilder();
            json.Append("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{");
            json.Append("\"tool\":{\"driver\":{\"name\":\"").Append(RuleCatalog.ToolName).Append("\",\"rules\":[]}},");
            json.Append("\"properties\":{\"perfgate/findingsLog\":true},");
            json.Append("\"results\":[");
            bool first = true;
            foreach (FindingsLogEntry finding in findings
                .OrderBy(f => f.Location?.Path ?? "", StringComparer.Ordinal)
                .ThenBy(f => f.Location?.StartLine ?? 0)
                .ThenBy(f => f.Location?.StartColumn ?? 0)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ThenBy(f => f.Message, StringComparer.Ordinal))
            {
                json.Append(first ? "\n" : ",\n");
                first = false;
                json.Append("{\"ruleId\":");
                AppendString(json, finding.RuleId);
                json.Append(",\"level\":");
                AppendString(json, finding.Level);
                json.Append(",\"message\":{\"text\":");
                AppendString(json, finding.Message);
                json.Append('}');
                if (finding.Location != null)
                {
                    json.Append(",\"locations\":[");
                    AppendLocation(json, finding.Location);
                    json.Append(']');
                }

                if (finding.Related.Count > 0)
                {
                    json.Append(",\"relatedLocations\":[");
                    for (int i = 0; i < finding.Related.Count; i++)
                    {
                        if (i > 0) json.Append(',');
                        AppendLocation(json, finding.Related[i]);
                    }

                    json.Append(']');
                }

                json.Append('}');
            }

            json.Append("]}]}\n");
            return json.ToString();
        }

        /// <summary>
        /// Writes through a temporary file in the same folder and moves it into place, so a reader never sees half a
        /// log. False when the file system refused: the caller then leaves the end marker unsuppressed, which the build
        /// shows as a warning.
        /// </summary>
        public static bool TryWrite(string path, IEnumerable<FindingsLogEntry> findings)
        {
            // RS1035 bans file I/O in analyzers because the IDE runs them on every keystroke. This write happens once per
            // compilation, only when a command-line build named the file in its findings config (never part of a
            // design-time build, so never in the IDE), to a file MSBuild declares as an output of the compile.
#pragma warning disable RS1035
            string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                string? folder = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                File.WriteAllText(temporary, Render(findings), new UTF8Encoding(false));
                if (File.Exists(path)) File.Replace(temporary, path, null);
                else File.Move(temporary, path);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception cleanup) when (cleanup is IOException || cleanup is UnauthorizedAccessException)
                {
                }

                return false;
            }
#pragma warning restore RS1035
        }

        private static void AppendLocation(StringBuilder json, FindingsLogSpan span)
        {
            json.Append("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
            AppendString(json, new Uri(span.Path).AbsoluteUri);
            json.Append("},\"region\":{\"startLine\":").Append(span.StartLine.ToString(CultureInfo.InvariantCulture))
                .Append(",\"startColumn\":").Append(span.StartColumn.ToString(CultureInfo.InvariantCulture))
                .Append(",\"endLine\":").Append(span.EndLine.ToString(CultureInfo.InvariantCulture))
                .Append(",\"endColumn\":").Append(span.EndColumn.ToString(CultureInfo.InvariantCulture))
                .Append("}}}");
        }

        private static void AppendString(StringBuilder json, string value)
        {
            json.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': json.Append("\\\""); break;
                    case '\\': json.Append("\\\\"); break;
                    case '\n': json.Append("\\n"); break;
                    case '\r': json.Append("\\r"); break;
                    case '\t': json.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '\u2028' || c == '\u2029') json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else json.Append(c);
                        break;
                }
            }

            json.Append('"');
        }
    }
}
