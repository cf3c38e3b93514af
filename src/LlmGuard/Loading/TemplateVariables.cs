using System.Text.RegularExpressions;

namespace LlmGuard.Loading;

/// <summary>Substitutes <c>{{name}}</c> placeholders (spaces inside the braces allowed) with case variables.</summary>
internal static partial class TemplateVariables
{
    /// <summary>Substitutes every placeholder; returns the names that have no value, in order of appearance.</summary>
    public static string Substitute(string template, IReadOnlyDictionary<string, string> variables, out IReadOnlyList<(string Name, int Index)> missing)
    {
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            missing = [];
            return template;
        }

        var notFound = new List<(string, int)>();
        var result = Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }

            notFound.Add((name, match.Index));
            return match.Value;
        });
        missing = notFound;
        return result;
    }

    /// <summary>Every placeholder in a text with its offset, in order.</summary>
    public static IEnumerable<(string Name, int Offset)> AllPlaceholders(string text) =>
        Placeholder().Matches(text).Select(match => (match.Groups["name"].Value, match.Index));

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
