using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PerfGate.MSBuild.Tests.Infrastructure;

/// <summary>
/// A temporary project that consumes PerfGate the way a user does: a PackageReference restored
/// from a local folder feed, and nothing else changed.
/// </summary>
public sealed class UserProject : IDisposable
{
    public UserProject(string name = "Shop")
    {
        Root = Directory.CreateTempSubdirectory("perfgate-user-").FullName;
        // A .git marker makes the temporary folder a repository root, as a real checkout would be.
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
        ProjectDirectory = Path.Combine(Root, "src", name);
        Directory.CreateDirectory(ProjectDirectory);
        ProjectFile = Path.Combine(ProjectDirectory, name + ".csproj");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="perfgate-local" value="{PackedPerfGate.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.EntityFrameworkCore" Version="10.0.15" />
                <PackageReference Include="PerfGate" Version="{PackedPerfGate.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
    }

    public string Root { get; }
    public string ProjectDirectory { get; }
    public string ProjectFile { get; }

    public string Write(string relativePath, string content)
    {
        string path = Path.Combine(ProjectDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteAtRoot(string relativePath, string content)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>`dotnet build` with the console summary off, so each diagnostic line appears once.</summary>
    public ProcessResult Build(bool ci = false, params string[] extraArguments)
    {
        var environment = new Dictionary<string, string>();
        if (ci) environment["CI"] = "true";
        string[] arguments = new[] { "build", ProjectFile, "-nologo", "-tl:off", "-clp:NoSummary" }.Concat(extraArguments).ToArray();
        return ProcessRunner.Dotnet(ProjectDirectory, environment, arguments);
    }

    public string IntermediateFile(string name) => Path.Combine(ProjectDirectory, "obj", "Debug", "net10.0", name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a build server may still hold a file; the temp folder is cleaned eventually */ }
    }
}
