using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PerfGate.Core;

/// <summary>
/// Which folders of a source tree hold test code, for hosts that compile a folder with no project (<c>perfgate scan --sources</c>,
/// the OSS trial): a folder named like tests (<c>tests</c>, <c>API.Tests</c>, <c>IntegrationTests</c>) or holding a test project
/// (<c>&lt;IsTestProject&gt;true</c>, the MSTest SDK, or a reference to Microsoft.NET.Test.Sdk, xunit, NUnit, MSTest or TUnit). Their
/// findings are silent unless the policy says <c>reach: { tests: report }</c> (docs/policy.md#reach), as a build's test projects are.
/// </summary>
public static class TestCodeFolders
{
    private static readonly Regex TestProject = new(
        @"<IsTestProject>\s*true\s*</IsTestProject>|Sdk=""MSTest\.Sdk|<PackageReference\s+Include=""(Microsoft\.NET\.Test\.Sdk|xunit|xunit\.v3|xunit\.core|NUnit|MSTest|MSTest\.TestFramework|TUnit)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>True when <paramref name="directory"/> is named like a test folder or holds a test project.</summary>
    public static bool IsTestFolder(string directory) => IsTestFolderName(Path.GetFileName(directory)) || HoldsTestProject(directory);

    /// <summary><c>test</c>, <c>tests</c>, a name with <c>Tests</c> in it (<c>UnitTests</c>, <c>Kavita.Tests</c>), or ending <c>.Test</c>.</summary>
    public static bool IsTestFolderName(string name) =>
        name.Equals("test", StringComparison.OrdinalIgnoreCase) || name.Equals("tests", StringComparison.OrdinalIgnoreCase)
        || name.Contains("Tests", StringComparison.Ordinal)
        || new[] { ".test", ".tests", "-tests", "_tests" }.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when a project file directly in <paramref name="directory"/> is a test project.</summary>
    public static bool HoldsTestProject(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*.csproj").Any(project => TestProject.IsMatch(File.ReadAllText(project)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
