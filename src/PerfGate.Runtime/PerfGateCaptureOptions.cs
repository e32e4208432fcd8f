using System;
using System.Reflection;

namespace PerfGate.Runtime;

/// <summary>What <see cref="PerfGateCapture"/> records.</summary>
public sealed class PerfGateCaptureOptions
{
    /// <summary><c>service.name</c> of the resource in the written file.</summary>
    public string ServiceName { get; set; } = "app";

    /// <summary>At most this many spans are kept; later ones are counted as dropped (written as <c>perfgate.spans.dropped</c>).</summary>
    public int MaxSpans { get; set; } = 1_000_000;

    /// <summary>Longer statements and URLs are cut to this many characters (the template survives; memory stays bounded).</summary>
    public int MaxAttributeLength { get; set; } = 4096;

    /// <summary>
    /// Which assemblies are user code for <c>code.filepath</c>/<c>code.lineno</c>. Default: every assembly
    /// whose name does not start with System, Microsoft, Npgsql, NUnit, PerfGate and other framework names.
    /// </summary>
    public Func<Assembly, bool>? IsUserAssembly { get; set; }

    /// <summary>
    /// Record a hash of each command's parameter values (<c>perfgate.db.parameters.hash</c>) so the detectors can
    /// tell "same query, other parameters" (N+1) from "same query, same parameters" (cacheable). Values themselves
    /// are never written.
    /// </summary>
    public bool HashParameterValues { get; set; } = true;
}
