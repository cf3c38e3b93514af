using System.Text.RegularExpressions;

namespace LlmGuard.Suites;

/// <summary>Checks that suite and case ids can be used as file and folder names on Windows, macOS and Linux.</summary>
internal static partial class SafeIds
{
    public const int MaxLength = 100;

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Why the id is unsafe, or null when it is safe.</summary>
    public static string? Problem(string id)
    {
        if (id.Length > MaxLength)
        {
            return $"it is {id.Length} characters long; the limit is {MaxLength}";
        }

        if (id.Any(char.IsControl))
        {
            return "it contains a control character";
        }

        if (id.IndexOfAny(['/', '\\']) >= 0)
        {
            return "it contains a path separator";
        }

        if (id.Contains("..", StringComparison.Ordinal))
        {
            return "it contains '..'";
        }

        var stem = id.Split('.')[0];
        if (ReservedNames.Contains(stem))
        {
            return $"'{stem}' is a reserved device name on Windows";
        }

        if (!AllowedPattern().IsMatch(id))
        {
            return "only ASCII letters (a-z, A-Z), digits, '-', '_' and '.' are allowed, starting with a letter or digit and not ending with '.'";
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedPattern();
}
