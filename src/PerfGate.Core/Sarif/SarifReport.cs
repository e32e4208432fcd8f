using System.Collections.Generic;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Sarif;

/// <summary>Everything one PerfGate SARIF run is written from.</summary>
/// <param name="ToolVersion">PerfGate's semantic version (<c>tool.driver.semanticVersion</c>).</param>
/// <param name="RepositoryRoot">
/// Absolute folder that result URIs are made relative to (<c>SRCROOT</c>). Files outside it keep an
/// absolute <c>file:///</c> URI.
/// </param>
/// <param name="Findings">The results, in any order: the writer sorts them.</param>
/// <param name="ForeignRules">
/// Metadata of rules PerfGate does not own (CA1849, CS8602, …), usually <see cref="CompilerLog.Rules"/>.
/// PerfGate's own rules always come from <see cref="PerfGate.Analyzers.RuleCatalog"/>.
/// </param>
/// <param name="AutomationId">
/// <c>run.automationDetails.id</c>, e.g. <c>perfgate/static/</c>: the code-scanning category that keeps
/// separate uploads from replacing each other. Omitted when null.
/// </param>
public sealed record SarifReport(
    string ToolVersion,
    string RepositoryRoot,
    IReadOnlyList<Finding> Findings,
    IReadOnlyDictionary<string, ReportedRule> ForeignRules,
    string? AutomationId = null)
{
    /// <summary>Where PerfGate's rule pages live (<c>PerfGateHelpUriBase</c>, a repository URL); null: the packages' repository.</summary>
    public string? HelpUriBase { get; init; }
}
