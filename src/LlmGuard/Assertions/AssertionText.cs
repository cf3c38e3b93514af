using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary>How assertion messages quote and measure outputs.</summary>
internal static class AssertionText
{
    /// <summary>The length of an output, e.g. <c>(12 chars)</c>.</summary>
    public static string Describe(string output) => $"({Excerpt.CountCharacters(output)} chars)";

    /// <summary>A bounded excerpt in quotes.</summary>
    public static string Quote(string text) => $"\"{Excerpt.Of(text)}\"";

    /// <summary>The index of the first differing UTF-16 unit, moved back to the start of a surrogate pair.</summary>
    public static int FirstDifference(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        var index = 0;
        while (index < length && left[index] == right[index])
        {
            index++;
        }

        return index > 0 && char.IsHighSurrogate(left[index - 1]) ? index - 1 : index;
    }
}
