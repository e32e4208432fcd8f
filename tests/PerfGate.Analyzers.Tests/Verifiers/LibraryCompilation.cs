using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace PerfGate.Analyzers.Tests.Verifiers
{
    /// <summary>A referenced project compiled and emitted in memory, for tests of what crosses a ProjectReference.</summary>
    internal static class LibraryCompilation
    {
        public static CSharpCompilation Compile(string name, string[] sources, IEnumerable<MetadataReference> references) =>
            CSharpCompilation.Create(name,
                sources.Select(source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

        public static MetadataReference Emit(Compilation compilation)
        {
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics));
            return MetadataReference.CreateFromImage(stream.ToArray());
        }
    }
}
