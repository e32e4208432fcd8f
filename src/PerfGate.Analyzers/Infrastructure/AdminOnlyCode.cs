using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Code that only administrators reach, where a per-call cost is paid a few times a day (the tuning digest's "admin-only" cold
    /// paths: package installs, host settings, marketplace calls): a handler whose action, controller or base class carries
    /// <c>[Authorize(Roles = ...)]</c> or <c>[Authorize(Policy = ...)]</c> naming an admin or host role, or a private helper every call of which
    /// sits in such a handler. Also test methods (<c>[Fact]</c>, <c>[Theory]</c>, <c>[Test]</c>, <c>[TestCase]</c>, <c>[TestMethod]</c>) and
    /// <c>catch</c> clauses (error paths). For throughput findings (per-call objects, buffered downloads) only; an N+1 whose N grows with
    /// the data stays a finding on an admin page.
    /// </summary>
    internal static class AdminOnlyCode
    {
        private static readonly string[] AdminWords = { "admin", "host", "superuser" };

        private static readonly string[] TestAttributes = { "FactAttribute", "TheoryAttribute", "TestAttribute", "TestCaseAttribute", "TestMethodAttribute" };

        /// <summary>True when <paramref name="operation"/>, in <paramref name="containingSymbol"/>, runs only for admins, in tests or on an error
        /// path.</summary>
        public static bool IsRarelyRun(IOperation operation, ISymbol containingSymbol, MethodCallSites callSites)
        {
            for (IOperation? parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is ICatchClauseOperation) return true;
            }

            while (containingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda) containingSymbol = lambda.ContainingSymbol;
            if (!(containingSymbol is IMethodSymbol method)) return false;
            if (IsTest(method) || IsAdminOnlyHandler(method)) return true;
            if (method.DeclaredAccessibility != Accessibility.Private) return false;
            var calls = callSites.Find(method);
            if (calls.IsEmpty) return false;
            foreach ((IInvocationOperation _, ISymbol container) in calls)
            {
                ISymbol caller = container;
                while (caller is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } inner) caller = inner.ContainingSymbol;
                if (!(caller is IMethodSymbol callerMethod) || !IsAdminOnlyHandler(callerMethod)) return false;
            }

            return true;
        }

        /// <summary>A test method (xUnit, NUnit, MSTest attributes by name).</summary>
        public static bool IsTest(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass != null && Array.IndexOf(TestAttributes, attribute.AttributeClass.Name) >= 0) return true;
            }

            return false;
        }

        private static bool IsAdminOnlyHandler(IMethodSymbol method)
        {
            if (HasAdminAuthorize(method)) return true;
            for (INamedTypeSymbol? type = method.ContainingType; type != null; type = type.BaseType)
            {
                if (HasAdminAuthorize(type)) return true;
            }

            return false;
        }

        private static bool HasAdminAuthorize(ISymbol symbol)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "AuthorizeAttribute") continue;
                foreach (TypedConstant argument in attribute.ConstructorArguments)
                {
                    foreach (string policy in argument.StringValues())
                    {
                        if (NamesAdmin(policy)) return true;
                    }
                }

                foreach (var named in attribute.NamedArguments)
                {
                    if ((named.Key == "Roles" || named.Key == "Policy") && NamesAdmin(named.Value.ScalarValue() as string)) return true;
                }
            }

            return false;
        }

        private static bool NamesAdmin(string? value)
        {
            if (string.IsNullOrEmpty(value)) return false;
            foreach (string word in AdminWords)
            {
                if (value!.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0) return true;
            }

            return false;
        }
    }
}
