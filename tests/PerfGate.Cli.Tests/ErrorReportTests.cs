using System;
using System.IO;
using NUnit.Framework;

namespace PerfGate.Cli.Tests;

/// <summary>What the CLI prints for an exception it did not expect: a PG0008 line and exit 2, the trace only when asked.</summary>
public sealed class ErrorReportTests
{
    private static Exception Thrown()
    {
        try
        {
            throw new InvalidOperationException("Sequence contains no elements");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    [Test]
    public void A_bug_is_one_PG0008_line_and_exit_2_without_a_stack_trace()
    {
        var stderr = new StringWriter();
        int exit = Program.Report(Thrown(), stderr);
        Assert.That(exit, Is.EqualTo(Program.Error));
        Assert.That(stderr.ToString(), Is.EqualTo("perfgate: error PG0008: internal error in PerfGate (a bug, not a problem with the input): "
            + "InvalidOperationException: Sequence contains no elements" + Environment.NewLine));
    }

    [Test]
    public void PERFGATE_DEBUG_adds_the_stack_trace_of_a_bug_only()
    {
        string? saved = Environment.GetEnvironmentVariable("PERFGATE_DEBUG");
        Environment.SetEnvironmentVariable("PERFGATE_DEBUG", "1");
        try
        {
            var bug = new StringWriter();
            Program.Report(Thrown(), bug);
            Assert.That(bug.ToString(), Does.Contain("error PG0008").And.Contain(" at PerfGate.Cli.Tests.ErrorReportTests.Thrown()"));

            var input = new StringWriter();
            Program.Report(new UsageException("unknown command 'scna'"), input);
            Assert.That(input.ToString(), Is.EqualTo("perfgate: error PG0004: unknown command 'scna'" + Environment.NewLine));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PERFGATE_DEBUG", saved);
        }
    }
}
