using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>How a message names a request entry: <c>GET /api/pages/{id}</c> for routed actions and minimal APIs, else the handler.</summary>
    internal static class RequestDisplay
    {
        private static readonly string[] Verbs = { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" };

        /// <summary>A controller action's verb and attribute route, or "Razor page X.OnGet", "SignalR hub X.Send", "gRPC X.Call".</summary>
        public static string Of(IMethodSymbol handler, RequestPaths requestPaths)
        {
            INamedTypeSymbol type = handler.ContainingType;
            if (!requestPaths.IsController(type))
            {
                string kind = HasBase(type, "PageModel") ? "Razor page "
                    : HasBase(type, "Hub") ? "SignalR hub " : "gRPC ";
                return kind + EntryPoints.Display(handler);
            }

            string? verb = null;
            string? actionTemplate = null;
            foreach (AttributeData attribute in handler.GetAttributes())
            {
                string name = attribute.AttributeClass?.Name ?? "";
                foreach (string candidate in Verbs)
                {
                    if (name == "Http" + candidate + "Attribute") verb = candidate.ToUpperInvariant();
                }

                if ((name.StartsWith("Http", StringComparison.Ordinal) || name == "RouteAttribute") && actionTemplate == null)
                    actionTemplate = Template(attribute);
            }

            string? controllerTemplate = null;
            for (INamedTypeSymbol? current = type; current != null && controllerTemplate == null; current = current.BaseType)
            {
                foreach (AttributeData attribute in current.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name == "RouteAttribute") controllerTemplate ??= Template(attribute);
                }
            }

            // A template relative to no controller route says little on its own ("/{id}"): name the action instead.
            string? route = controllerTemplate == null && !IsAbsolute(actionTemplate) ? null : Combine(controllerTemplate, actionTemplate);
            string target = route == null ? EntryPoints.Display(handler) : "/" + Tokens(route, type, handler).TrimStart('/');
            return verb == null ? target : verb + " " + target;
        }

        /// <summary>A minimal API's verb and pattern, with the prefix of a <c>MapGroup("...")</c> receiver: "GET /api/items/{id}".</summary>
        public static string OfMap(InvocationExpressionSyntax map, string methodName)
        {
            string verb = methodName.StartsWith("Map", StringComparison.Ordinal) && methodName.Length > 3 ? methodName.Substring(3).ToUpperInvariant() : "";
            if (verb == "METHODS" || verb == "FALLBACK") verb = "";
            string pattern = map.ArgumentList.Arguments.Count > 0 ? Literal(map.ArgumentList.Arguments[0].Expression) ?? "" : "";
            string prefix = map.Expression is MemberAccessExpressionSyntax access ? GroupPrefix(access.Expression, map) : "";
            string route = "/" + (prefix.Trim('/') + "/" + pattern.TrimStart('/')).Trim('/');
            return verb.Length == 0 ? route : verb + " " + route;
        }

        private static string GroupPrefix(ExpressionSyntax receiver, SyntaxNode map)
        {
            // app.MapGroup("/api").MapGet(...), or a local: var items = app.MapGroup("/api/items").WithTags("Items");
            if (receiver is IdentifierNameSyntax local)
            {
                SyntaxNode? body = map.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax || n is LocalFunctionStatementSyntax
                    || n is CompilationUnitSyntax);
                if (body == null) return "";
                foreach (SyntaxNode node in body.DescendantNodes())
                {
                    if (node is VariableDeclaratorSyntax declarator && declarator.Identifier.ValueText == local.Identifier.ValueText
                        && declarator.Initializer != null)
                        return GroupPrefix(declarator.Initializer.Value, map);
                }

                return "";
            }

            for (ExpressionSyntax? current = receiver; current is InvocationExpressionSyntax call;)
            {
                if (call.Expression is MemberAccessExpressionSyntax member)
                {
                    if (member.Name.Identifier.ValueText == "MapGroup" && call.ArgumentList.Arguments.Count > 0)
                    {
                        string outer = GroupPrefix(member.Expression, map);
                        return outer.TrimEnd('/') + "/" + (Literal(call.ArgumentList.Arguments[0].Expression) ?? "").Trim('/');
                    }

                    current = member.Expression;
                }
                else current = null;
            }

            return "";
        }

        private static string? Literal(ExpressionSyntax expression) =>
            expression is LiteralExpressionSyntax literal && literal.Token.Value is string text ? text : null;

        private static string? Template(AttributeData attribute) =>
            attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].ScalarValue() is string template ? template : null;

        private static bool IsAbsolute(string? template) =>
            template != null && (template.StartsWith("/", StringComparison.Ordinal) || template.StartsWith("~/", StringComparison.Ordinal));

        private static string? Combine(string? controller, string? action)
        {
            if (IsAbsolute(action)) return action!.TrimStart('~');
            if (controller == null) return action;
            if (string.IsNullOrEmpty(action)) return controller;
            return controller.TrimEnd('/') + "/" + action;
        }

        private static string Tokens(string route, INamedTypeSymbol controller, IMethodSymbol action)
        {
            string name = controller.Name.EndsWith("Controller", StringComparison.Ordinal) ? controller.Name.Substring(0, controller.Name.Length - 10)
                : controller.Name;
            string actionName = action.Name.EndsWith("Async", StringComparison.Ordinal) ? action.Name.Substring(0, action.Name.Length - 5) : action.Name;
            return route.Replace("[controller]", name).Replace("[action]", actionName);
        }

        private static bool HasBase(INamedTypeSymbol type, string name)
        {
            for (INamedTypeSymbol? current = type.BaseType; current != null; current = current.BaseType)
            {
                if (current.Name == name) return true;
            }

            return false;
        }
    }
}
