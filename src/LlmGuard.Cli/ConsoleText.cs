using System.Globalization;
using System.Text;

namespace LlmGuard.Cli;

/// <summary>
/// Makes model text safe to print: control characters (ESC sequences that would recolour or move the cursor of
/// the reader's terminal, bells, backspaces) are shown as <c>\u001B</c>-style escapes. Tabs stay.
/// </summary>
internal static class ConsoleText
{
    public static string Safe(string line)
    {
        if (!line.Any(IsUnsafe))
        {
            return line;
        }

        var builder = new StringBuilder(line.Length + 16);
        foreach (var character in line)
        {
            if (IsUnsafe(character))
            {
                builder.Append("\\u").Append(((int)character).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(char character) => character != '\t' && (char.IsControl(character) || character is '\u2028' or '\u2029');
}
