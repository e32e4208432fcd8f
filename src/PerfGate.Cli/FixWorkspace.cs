using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.IO;
using PerfGate.Core.Policy;

namespace PerfGate.Cli;

/// <summary>
/// The Roslyn solution <c>perfgate fix</c> works on. A folder: an <see cref="AdhocWorkspace"/> project with the
/// folder scan's sources, references, parse and compilation options and implicit usings. A project or
/// solution: <see cref="MSBuildWorkspace"/> (design-time build in the SDK's BuildHost; the project must be
/// restored for its package references to resolve). Every document with a file is read the way
/// <see cref="SourceFile"/> writes it back, so encodings round-trip.
/// </summary>
public static class FixWorkspace
{
    /// <param name="notRead">The files left out (not regular, unreadable, links out of the repository), as PG0009.</param>
    public static Workspace Folder(string folder, GatePolicy policy, Progress progress, out Solution solution, out IReadOnlyList<CompilerFinding> notRead)
    {
        WalkResult sources = FolderScanner.FindSources(folder, policy);
        FolderScanner.RequireSources(folder, sources);
        IReadOnlyList<string> files = sources.Files;
        var skipped = sources.Skipped.Select(s => IncompleteScan.NotScanned(s.Path, s.Reason)).ToList();
        notRead = skipped;
        progress.Report($"loading {files.Count} C# files from {folder}");
        var (references, hasAspNet) = FolderScanner.References();
        var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId("PerfGateFix");
        solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "PerfGateFix", "PerfGateFix",
            LanguageNames.CSharp, compilationOptions: FolderScanner.CompilationOptions, parseOptions: FolderScanner.ParseOptions,
                metadataReferences: references));
        foreach (string file in files)
        {
            SourceFile source;
            try
            {
                source = SourceFile.Decode(RegularFile.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(IncompleteScan.NotScanned(file, "cannot read it: " + e.Message));
                continue;
            }
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, file), Path.GetFileName(file),
                SourceText.From(source.Text, source.Encoding), filePath: file);
        }
        // No file path: the implicit usings are never written anywhere.
        solution = solution.AddDocument(
            DocumentId.CreateNewId(projectId), "PerfGate.GlobalUsings.g.cs", SourceText.From(FolderScanner.GlobalUsings(hasAspNet), Encoding.UTF8));
        return workspace;
    }

    public static async Task<(Workspace Workspace, Solution Solution)> ProjectAsync(string path, Progress progress, CancellationToken cancellationToken)
    {
        progress.Report($"loading {path} (MSBuildWorkspace)");
        MSBuildWorkspace workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        using var registration = workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure) lock (failures) failures.Add(e.Diagnostic.Message);
        });
        Solution solution;
        try
        {
            bool isSolution = Path.GetExtension(path).ToLowerInvariant() is ".sln" or ".slnx" or ".slnf";
            solution = isSolution
                ? await workspace.OpenSolutionAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)
                : (await workspace.OpenProjectAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)).Solution;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            workspace.Dispose();
            throw PerfGateException.Several(failures.Distinct().Take(20).Select(f => new GateDiagnostic(RuleIdentifiers.NothingToScan, f, path))
                .Append(new GateDiagnostic(RuleIdentifiers.NothingToScan, "the project cannot be loaded: " + e.Message, path)).ToArray());
        }
        if (!solution.Projects.Any(p => p.Language == LanguageNames.CSharp))
        {
            workspace.Dispose();
            throw PerfGateException.Several(failures.Distinct().Take(20).Select(f => new GateDiagnostic(RuleIdentifiers.NothingToScan, f, path))
                .Append(new GateDiagnostic(RuleIdentifiers.NothingToScan, "no C# project could be loaded, so there is nothing to fix", path)).ToArray());
        }
        // Read every source file as fix will write it back (encoding, BOM), whatever the workspace decoded.
        foreach (Document document in solution.Projects.SelectMany(p => p.Documents).ToArray())
        {
            if (document.FilePath is not { } file || !RegularFile.Exists(file)) continue;
            SourceFile source;
            try
            {
                source = SourceFile.Decode(RegularFile.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the workspace's own reading stays; fix never writes a file it cannot read (CodeFixRunner.IsFixable)
            }
            solution = solution.WithDocumentText(document.Id, SourceText.From(source.Text, source.Encoding));
        }
        progress.Report($"{solution.Projects.Count()} project(s), {solution.Projects.Sum(p => p.DocumentIds.Count)} document(s)");
        return (workspace, solution);
    }
}
