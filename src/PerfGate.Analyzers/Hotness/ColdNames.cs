using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Name evidence of run-once code: a method or type whose name has a word that says install, upgrade, migrate, seed,
    /// sample data or import (<c>DatabaseManager.Install</c>, <c>UpgradeManager</c>, <c>MigrateUserProgress</c>,
    /// <c>SampleDataService</c>, <c>UserManager.ImportUsers</c>). Words, not substrings: <c>IsInstalled</c> (a check that
    /// runs per request) and <c>ImportantNotices</c> are not evidence. A path through such a method is a cold path
    /// (<see cref="HotnessModel"/>).
    /// </summary>
    internal static class ColdNames
    {
        /// <summary>The words, each with what the message calls such code.</summary>
        private static readonly Dictionary<string, string> Words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Install"] = "install", ["Installs"] = "install", ["Installer"] = "install", ["Installers"] = "install",
            ["Installation"] = "install", ["Installing"] = "install", ["Uninstall"] = "install", ["Uninstaller"] = "install",
            ["Upgrade"] = "upgrade", ["Upgrades"] = "upgrade", ["Upgrader"] = "upgrade", ["Upgrading"] = "upgrade",
            ["Migrate"] = "migration", ["Migrates"] = "migration", ["Migration"] = "migration", ["Migrations"] = "migration",
            ["Migrator"] = "migration", ["Migrating"] = "migration",
            ["Seed"] = "seeding", ["Seeds"] = "seeding", ["Seeder"] = "seeding", ["Seeding"] = "seeding",
            ["Import"] = "import", ["Imports"] = "import", ["Importer"] = "import", ["Importing"] = "import",
        };

        /// <summary>
        /// What the name of <paramref name="method"/>, or of a type it is declared in, says it is ("install", "seeding"),
        /// or null when it says nothing. Lambdas and local functions answer for the member that contains them.
        /// </summary>
        public static string? Describe(IMethodSymbol method)
        {
            ISymbol? member = method;
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner) member = inner.ContainingSymbol;
            if (member is IMethodSymbol { AssociatedSymbol: { } associated }) member = associated;
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } ordinary)
            {
                string? byMethod = Describe(ordinary.MethodKind == MethodKind.ExplicitInterfaceImplementation
                    ? ordinary.Name.Substring(ordinary.Name.LastIndexOf('.') + 1) : ordinary.Name);
                if (byMethod != null) return byMethod;
            }
            else if (member is IPropertySymbol property)
            {
                string? byProperty = Describe(property.Name);
                if (byProperty != null) return byProperty;
            }

            for (INamedTypeSymbol? type = member?.ContainingType; type != null; type = type.ContainingType)
            {
                string? byType = Describe(type.Name);
                if (byType != null) return byType;
            }

            return null;
        }

        /// <summary>What an identifier's words say (<c>SampleData</c> counts as one word), or null.</summary>
        public static string? Describe(string identifier)
        {
            if (identifier.IndexOf("SampleData", StringComparison.Ordinal) >= 0) return "sample data";
            foreach (string word in WordsOf(identifier))
            {
                if (Words.TryGetValue(word, out string? what)) return what;
            }

            return null;
        }

        /// <summary>The words of an identifier: letters split at case changes (<c>DBSeeder</c>: DB, Seeder) and at anything else.</summary>
        internal static IEnumerable<string> WordsOf(string identifier)
        {
            int start = -1;
            for (int i = 0; i <= identifier.Length; i++)
            {
                bool letter = i < identifier.Length && char.IsLetter(identifier[i]);
                if (start >= 0 && (!letter || StartsWord(identifier, i)))
                {
                    yield return identifier.Substring(start, i - start);
                    start = -1;
                }

                if (letter && start < 0) start = i;
            }
        }

        private static bool StartsWord(string identifier, int i)
        {
            char c = identifier[i];
            char previous = identifier[i - 1];
            if (!char.IsUpper(c)) return false;
            if (char.IsLower(previous)) return true;
            // An upper-case run ends where a capital starts a lower-case word: "DBSeeder" is DB + Seeder.
            return char.IsUpper(previous) && i + 1 < identifier.Length && char.IsLower(identifier[i + 1]);
        }
    }
}
