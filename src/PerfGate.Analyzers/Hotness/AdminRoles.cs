using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Request handlers only administrators or hosts can call: an <c>[Authorize]</c> on the action, its type or a base type whose
    /// roles are all admin or host roles (<c>Roles = "Admin"</c>, <c>Roles = RoleNames.Host</c>) or whose policy names one
    /// (<c>Policy = "RequireAdminRole"</c>), or an app's own authorize attribute whose constructor sets such roles (<c>[Admin]</c>),
    /// and no <c>[AllowAnonymous]</c> on the action. Such a handler is still on a request
    /// path, but no anonymous client drives its traffic: hot-read and throughput rules may treat it as cold.
    /// </summary>
    internal static class AdminRoles
    {
        public static bool IsAdminOnly(IMethodSymbol handler, WellKnownTypes types)
        {
            if (HasAttribute(handler, types.AllowAnonymousAttribute)) return false;
            if (RequiresAdmin(handler, types)) return true;
            for (INamedTypeSymbol? type = handler.ContainingType; type != null; type = type.BaseType)
            {
                if (RequiresAdmin(type, types)) return true;
            }

            return false;
        }

        private static bool RequiresAdmin(ISymbol symbol, WellKnownTypes types)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                INamedTypeSymbol? type = attribute.AttributeClass;
                if (type == null || !(type.IsOrImplements(types.AuthorizeData) || type.Name == "AuthorizeAttribute")) continue;
                foreach (TypedConstant argument in attribute.ConstructorArguments)
                {
                    // An app's own AuthorizeAttribute(params string[] scopes) requires every scope it names.
                    foreach (string policy in argument.StringValues())
                    {
                        if (NamesAdmin(policy)) return true;
                    }
                }

                foreach (var named in attribute.NamedArguments)
                {
                    if (!(named.Value.ScalarValue() is string value)) continue;
                    if (named.Key == "Policy" && NamesAdmin(value)) return true;
                    if (named.Key == "Roles" && AllRolesAdmin(value)) return true;
                }

                if (attribute.ConstructorArguments.IsEmpty && attribute.NamedArguments.IsEmpty && ConstructorRequiresAdmin(type)) return true;
            }

            return false;
        }

        /// <summary>
        /// An app's own authorize attribute whose parameterless constructor sets the roles or policy to constants (Ombi's <c>[Admin]</c>:
        /// <c>public AdminAttribute() { Roles = "Admin"; }</c>): read from its source, roles all admin, or a policy naming one.
        /// </summary>
        private static bool ConstructorRequiresAdmin(INamedTypeSymbol attribute)
        {
            foreach (IMethodSymbol constructor in attribute.InstanceConstructors)
            {
                if (constructor.Parameters.Length > 0) continue;
                foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
                {
                    foreach (AssignmentExpressionSyntax assignment in reference.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>())
                    {
                        if (!(assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var member })
                            || !(assignment.Right is LiteralExpressionSyntax literal) || !literal.IsKind(SyntaxKind.StringLiteralExpression)) continue;
                        string value = literal.Token.ValueText;
                        if ((member == "Roles" && AllRolesAdmin(value)) || (member == "Policy" && NamesAdmin(value))) return true;
                    }
                }
            }

            return false;
        }

        private static bool AllRolesAdmin(string roles)
        {
            bool any = false;
            foreach (string role in roles.Split(','))
            {
                if (role.Trim().Length == 0) continue;
                if (!NamesAdmin(role)) return false;
                any = true;
            }

            return any;
        }

        /// <summary>A role or policy name with the word admin, administrator(s), host, superuser or sysadmin in it.</summary>
        internal static bool NamesAdmin(string name)
        {
            foreach (string word in ColdNames.WordsOf(name))
            {
                switch (word.ToLowerInvariant())
                {
                    case "admin":
                    case "admins":
                    case "administrator":
                    case "administrators":
                    case "host":
                    case "hosts":
                    case "superuser":
                    case "superadmin":
                    case "sysadmin":
                        return true;
                }
            }

            return false;
        }

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
        {
            if (attributeType == null) return false;
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass.InheritsFromOrEquals(attributeType)) return true;
            }

            return false;
        }
    }
}
