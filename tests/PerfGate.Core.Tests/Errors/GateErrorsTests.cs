using System;
using System.IO;
using NUnit.Framework;
using PerfGate.Core.Baseline;
using PerfGate.Core.Changes;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Tests.Errors;

/// <summary>The one mapping every host uses from an exception to the PG0xxx diagnostic it reports.</summary>
public sealed class GateErrorsTests
{
    [Test]
    public void Each_member_of_the_family_reports_its_own_code_at_its_position()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GateErrors.Diagnose(new EvidenceException("/r/t.json", 3, 7, "expected a number")).ToString(),
                Is.EqualTo("/r/t.json(3,7): error PG0003: expected a number"));
            Assert.That(GateErrors.Diagnose(new BaselineException("/r/perfgate.baseline.json", 1, 1, "expected \"version\": 1")).ToString(),
                Is.EqualTo("/r/perfgate.baseline.json(1,1): error PG0005: expected \"version\": 1"));
            Assert.That(GateErrors.Diagnose(new ChangedLinesException("the git ref 'x' does not exist")).ToString(),
                Is.EqualTo("perfgate: error PG0006: the git ref 'x' does not exist"));
            Assert.That(GateErrors.Diagnose(new PerfGateException("PG0007", "no C# source files", "/r/docs")).ToString(),
                Is.EqualTo("/r/docs: error PG0007: no C# source files"), "a whole-file problem names the file without a position");
        });
    }

    [Test]
    public void A_file_system_error_nobody_caught_is_an_unreadable_input()
    {
        GateDiagnostic d = GateErrors.Diagnose(new UnauthorizedAccessException("Access to the path '/r/out.sarif' is denied."));
        Assert.That(d.ToString(), Is.EqualTo("perfgate: error PG0003: Access to the path '/r/out.sarif' is denied."));
        Assert.That(GateErrors.IsInternal(new IOException("disk full")), Is.False);
    }

    [Test]
    public void Anything_else_is_an_internal_error_said_as_such_not_unreadable_evidence()
    {
        var bug = new InvalidOperationException("Sequence contains no elements");
        GateDiagnostic d = GateErrors.Diagnose(bug);
        Assert.That(d.Code, Is.EqualTo("PG0008"));
        Assert.That(d.ToString(), Is.EqualTo("perfgate: error PG0008: internal error in PerfGate (a bug, not a problem with the input): "
            + "InvalidOperationException: Sequence contains no elements"));
        Assert.That(GateErrors.IsInternal(bug), Is.True);
        Assert.That(GateErrors.IsInternal(new EvidenceException("f", 1, 1, "m")), Is.False);
    }

    [Test]
    public void Several_diagnostics_keep_their_order_after_the_other_tools_lines()
    {
        PerfGateException e = PerfGateException.Several(
            new[] { new GateDiagnostic("PG0001", "unknown key 'rulez'", "/r/perfgate.yml", 2, 1),
                new GateDiagnostic("PG0001", "unknown level 'fatal'", "/r/perfgate.yml", 4, 11) },
            new[] { "Program.cs(3,1): error CS1002: ; expected" });
        Assert.That(GateErrors.Lines(e), Is.EqualTo(new[]
        {
            "Program.cs(3,1): error CS1002: ; expected",
            "/r/perfgate.yml(2,1): error PG0001: unknown key 'rulez'",
            "/r/perfgate.yml(4,11): error PG0001: unknown level 'fatal'",
        }));
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo(("PG0001", 4, 11)));
    }
}
