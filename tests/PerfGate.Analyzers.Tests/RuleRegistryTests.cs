using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// The rule metadata fields are the one registry: the catalog, the hosted analyzers and their descriptors follow from
    /// them. These tests fail when a rule is only half added (an ID without metadata, metadata in the wrong category, an
    /// analyzer reporting a rule the catalog does not know, a descriptor that says something else than its metadata).
    /// The doc pages and the policy schema are checked against the catalog by RuleDocumentationTests (PerfGate.Core.Tests).
    /// </summary>
    public sealed class RuleRegistryTests
    {
        private static readonly Dictionary<string, string> FamilyOfCategory = new Dictionary<string, string>
        {
            [RuleCategories.Gate] = "PG0",
            [RuleCategories.DataAccess] = "PG1",
            [RuleCategories.ExternalCalls] = "PG2",
            [RuleCategories.Caching] = "PG3",
            [RuleCategories.RequestHandling] = "PG4",
            [RuleCategories.RuntimeEvidence] = "PG5",
            [RuleCategories.Budgets] = "PG6",
        };

        /// <summary>Categories whose rules PerfGate.Core reports (no analyzer).</summary>
        private static readonly string[] HostReportedCategories = { RuleCategories.Gate, RuleCategories.RuntimeEvidence, RuleCategories.Budgets };

        private static IEnumerable<(Type Class, string Name, RuleMetadata Rule)> DeclaredRules() =>
            RuleCatalog.CategoryClasses.SelectMany(type => RuleCatalog.DeclaredFields(type).Select(field => (type, field.Name, field.Rule)));

        [Test]
        public void EveryIdentifierHasOneRuleFieldOfTheSameName()
        {
            Dictionary<string, string> identifiers = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral)
                .ToDictionary(field => field.Name, field => (string)field.GetRawConstantValue()!);
            Dictionary<string, string> fields = DeclaredRules().ToDictionary(rule => rule.Name, rule => rule.Rule.Id);

            Assert.That(fields, Is.EquivalentTo(identifiers),
                "each RuleIdentifiers constant needs a RuleMetadata field with the same name (and ID) in its category class, and back");
            Assert.That(identifiers.Values.Distinct().Count(), Is.EqualTo(identifiers.Count), "an ID is used twice");
        }

        [Test]
        public void TheCatalogIsEveryRuleFieldInIdOrder()
        {
            string[] declared = DeclaredRules().Select(rule => rule.Rule.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();

            Assert.That(RuleCatalog.All.Select(rule => rule.Id), Is.EqualTo(declared));
            Assert.That(RuleCatalog.Find("pg1001"), Is.SameAs(DataAccessRules.QueryExecutedPerLoopIteration));
        }

        [Test]
        public void EveryRuleSitsInTheCategoryItsIdAndClassSay()
        {
            Assert.That(RuleCatalog.CategoryClasses.Length, Is.EqualTo(RuleCategories.All.Length), "one class per category");
            for (int i = 0; i < RuleCategories.All.Length; i++)
            {
                string category = RuleCategories.All[i];
                Type type = RuleCatalog.CategoryClasses[i];
                RuleMetadata[] rules = RuleCatalog.DeclaredFields(type).Select(field => field.Rule).ToArray();
                Assert.That(rules, Is.Not.Empty, type.Name + " declares no rule");
                foreach (RuleMetadata rule in rules)
                {
                    Assert.That(rule.Category, Is.EqualTo(category), rule.Id + " in " + type.Name);
                    Assert.That(rule.Id, Does.Match("^" + FamilyOfCategory[category] + "[0-9]{3}$"), rule.Id + " is not in the " + category + " family");
                }
            }
        }

        [Test]
        public void EveryAnalyzerReportsACatalogRuleWithItsMetadata()
        {
            foreach (PerfGateRule rule in PerfGateAnalyzer.Rules)
            {
                string name = rule.GetType().Name;
                Assert.That(RuleCatalog.All, Has.Some.SameAs(rule.Metadata), name + " reports a rule missing from the catalog");
                DiagnosticDescriptor descriptor = rule.SupportedDiagnostics.Single();
                RuleMetadata metadata = rule.Metadata;
                Assert.Multiple(() =>
                {
                    Assert.That(descriptor.Id, Is.EqualTo(metadata.Id), name);
                    Assert.That(descriptor.Title.ToString(), Is.EqualTo(metadata.Title), name);
                    Assert.That(descriptor.MessageFormat.ToString(), Is.EqualTo(RuleDescriptors.MessageFormat(metadata)), name);
                    Assert.That(descriptor.Description.ToString(), Is.EqualTo(metadata.Description), name);
                    Assert.That(descriptor.Category, Is.EqualTo(metadata.Category), name);
                    Assert.That(descriptor.IsEnabledByDefault, Is.EqualTo(metadata.DefaultLevel != RuleLevel.Off), name);
                    // A link only when the build named the repository (RepositoryUrl): never a made-up one.
                    if (RuleCatalog.InformationUri == null) Assert.That(descriptor.HelpLinkUri, Is.Empty, name);
                    else Assert.That(descriptor.HelpLinkUri, Does.EndWith("/" + metadata.DocumentationPath), name);
                    Assert.That(descriptor.CustomTags, Is.SupersetOf(metadata.Tags), name);
                });
            }
        }

        [Test]
        public void AnalyzerCategoriesHaveAnAnalyzerPerRuleAndHostCategoriesNone()
        {
            var reported = new HashSet<string>(PerfGateAnalyzer.Rules.Select(rule => rule.Metadata.Id));
            foreach (RuleMetadata rule in RuleCatalog.All)
            {
                bool hostReported = HostReportedCategories.Contains(rule.Category);
                Assert.That(reported.Contains(rule.Id), Is.EqualTo(!hostReported),
                    rule.Id + (hostReported ? " is reported by PerfGate.Core, not by an analyzer" : " has no analyzer"));
            }
        }

        [Test]
        public void EveryRuleSaysWhatItFlagsIgnoresAndHowToFixIt()
        {
            foreach (RuleMetadata rule in RuleCatalog.All)
            {
                Assert.That(new[] { rule.Title, rule.MessageFormat, rule.Description, rule.Fix, rule.FlaggedExample }, Has.None.Empty, rule.Id);
                Assert.That(rule.Flags, Is.Not.Empty.And.None.Empty, rule.Id);
                Assert.That(rule.Ignores, Is.Not.Empty.And.None.Empty, rule.Id);
                Assert.That(rule.Precision, Is.AnyOf("high", "medium", "low"), rule.Id);
                Assert.That(rule.Tags, Is.Not.Empty, rule.Id);
            }
        }

        [Test]
        public void A_rule_of_low_precision_is_at_most_a_note_by_default()
        {
            var low = RuleCatalog.All.Where(rule => rule.Precision == "low").ToList();
            Assert.That(low, Is.Not.Empty);
            foreach (RuleMetadata rule in low)
            {
                Assert.That(rule.DefaultLevel, Is.LessThanOrEqualTo(RuleLevel.Note), rule.Id + " would fail builds on findings mostly wrong");
            }
        }
    }
}
