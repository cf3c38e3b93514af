using System.Text.RegularExpressions;

namespace LlmGuard.Security;

/// <summary>
/// Which environment variables a suite may name in <c>api_key_env</c>: names that look like a key (<c>…_API_KEY</c>,
/// <c>…_KEY</c>, <c>…_TOKEN</c>), and any others listed in <see cref="AllowedVariable"/>. A suite arriving in a pull request
/// could otherwise name any CI secret (a deploy token, a signing password) and send it to a server of its choosing.
/// </summary>
internal static partial class KeyVariables
{
    /// <summary>The variable that lists further allowed names, separated by commas, semicolons or whitespace.</summary>
    public const string AllowedVariable = "LLMGUARD_ALLOWED_KEY_VARS";

    private static readonly string[] KeySuffixes = ["_API_KEY", "_KEY", "_TOKEN"];

    /// <summary>Why a suite may not name this variable, or null when it may.</summary>
    public static string? Problem(string name, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (!VariableName().IsMatch(name))
        {
            return $"'{name}' is not an environment variable name (letters, digits and '_', not starting with a digit)";
        }

        if (KeySuffixes.Any(suffix => name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var allowed = getEnvironmentVariable(AllowedVariable)?.Split([',', ';', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [];
        return allowed.Contains(name, StringComparer.Ordinal)
            ? null
            : $"'{name}' does not look like a key variable (…_API_KEY, …_KEY or …_TOKEN), and a suite may only name those, so that a suite from a pull request cannot send another CI secret to its endpoint; list it in {AllowedVariable} to allow it";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
