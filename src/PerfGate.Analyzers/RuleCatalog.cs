using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The metadata of every PerfGate rule. Docs, SARIF and policy checks read it from here.
    /// <para>
    /// The single source is the set of <c>public static readonly RuleMetadata</c> fields of the category classes
    /// below (an analyzer rule declares its field beside its analyzer, in a <c>partial</c> part of its category class):
    /// a new field is in the catalog without being listed anywhere. Reflection touches only these Roslyn-free classes,
    /// so hosts read the catalog without loading the compiler. Tests check that every ID, descriptor, doc page and schema
    /// entry agrees with it.
    /// </para>
    /// </summary>
    public static class RuleCatalog
    {
        public const string ToolName = "PerfGate";

        /// <summary>
        /// The repository PerfGate was packed from (the packages' <c>RepositoryUrl</c>, baked into this assembly), where
        /// the rule pages live: the default of <c>PerfGateHelpUriBase</c>. Null when the build named none: then no help
        /// link is made up, and <c>perfgate explain</c> shows the page offline.
        /// </summary>
        public static string? InformationUri { get; } = typeof(RuleCatalog).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .Where(a => a.Key == "PerfGate.RepositoryUrl" && !string.IsNullOrWhiteSpace(a.Value))
            .Select(a => a.Value!.TrimEnd('/'))
            .FirstOrDefault();

        /// <summary>A rule's page under <paramref name="baseUri"/> (a repository URL: GitHub's layout), or null without a base.</summary>
        public static string? HelpUri(RuleMetadata rule, string? baseUri = null)
        {
            string? root = string.IsNullOrWhiteSpace(baseUri) ? InformationUri : baseUri!.TrimEnd('/');
            return root == null ? null : root + "/blob/main/" + rule.DocumentationPath;
        }

        /// <summary>One class per <see cref="RuleCategories"/> entry, in that order.</summary>
        internal static readonly Type[] CategoryClasses =
        {
            typeof(GateRules), typeof(DataAccessRules), typeof(ExternalCallRules), typeof(CachingRules),
            typeof(RequestHandlingRules), typeof(RuntimeEvidenceRules), typeof(BudgetRules),
        };

        public static IReadOnlyList<RuleMetadata> All { get; } = CategoryClasses
            .SelectMany(DeclaredRules)
            .OrderBy(rule => rule.Id, StringComparer.Ordinal)
            .ToArray();

        public static RuleMetadata? Find(string id) =>
            All.FirstOrDefault(rule => string.Equals(rule.Id, id, StringComparison.OrdinalIgnoreCase));

        public static bool IsPerfGateId(string id) =>
            id.StartsWith("PG", StringComparison.OrdinalIgnoreCase);

        /// <summary>The rule fields of one category class, with their names (a field is named like its ID constant).</summary>
        internal static IEnumerable<(string Name, RuleMetadata Rule)> DeclaredFields(Type categoryClass) => categoryClass
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(RuleMetadata))
            .Select(field => (field.Name, (RuleMetadata)field.GetValue(null)));

        private static IEnumerable<RuleMetadata> DeclaredRules(Type categoryClass) => DeclaredFields(categoryClass).Select(field => field.Rule);
    }
}
