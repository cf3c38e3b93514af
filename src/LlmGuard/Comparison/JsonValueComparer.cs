using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGuard.Text;

namespace LlmGuard.Comparison;

/// <summary>
/// Compares two JSON values: array order matters, numbers compare by value (as decimal where both fit, else as double),
/// strings compare exactly after an optional scrubbing, and object key order matters only when asked.
/// </summary>
internal sealed partial class JsonValueComparer(Func<string, string>? scrub, bool ignoreKeyOrder)
{
    /// <summary>Null when the values are equal, else a description of the first difference, e.g. <c>$.items[2] (verified 1, received 2)</c>.</summary>
    public string? FindDifference(JsonElement verified, JsonElement received) => Compare(verified, received, "$");

    private string? Compare(JsonElement verified, JsonElement received, string path)
    {
        if (Kind(verified.ValueKind) != Kind(received.ValueKind))
        {
            return Mismatch(path, verified, received);
        }

        return verified.ValueKind switch
        {
            JsonValueKind.Object => ignoreKeyOrder ? CompareUnordered(verified, received, path) : CompareOrdered(verified, received, path),
            JsonValueKind.Array => CompareArrays(verified, received, path),
            JsonValueKind.String => Scrubbed(verified.GetString()!) == Scrubbed(received.GetString()!) ? null : Mismatch(path, verified, received),
            JsonValueKind.Number => NumbersEqual(verified, received) ? null : Mismatch(path, verified, received),
            JsonValueKind.True or JsonValueKind.False => verified.ValueKind == received.ValueKind ? null : Mismatch(path, verified, received),
            _ => null,
        };
    }

    private string? CompareUnordered(JsonElement verified, JsonElement received, string path)
    {
        var verifiedProperties = LastWins(verified);
        var receivedProperties = LastWins(received);
        foreach (var (name, value) in verifiedProperties)
        {
            if (!receivedProperties.TryGetValue(name, out var other))
            {
                return $"{Member(path, name)} (missing in received)";
            }

            if (Compare(value, other, Member(path, name)) is { } difference)
            {
                return difference;
            }
        }

        var extra = receivedProperties.Keys.FirstOrDefault(name => !verifiedProperties.ContainsKey(name));
        return extra is null ? null : $"{Member(path, extra)} (only in received)";
    }

    private string? CompareOrdered(JsonElement verified, JsonElement received, string path)
    {
        using var verifiedProperties = verified.EnumerateObject().GetEnumerator();
        using var receivedProperties = received.EnumerateObject().GetEnumerator();
        while (true)
        {
            var hasVerified = verifiedProperties.MoveNext();
            var hasReceived = receivedProperties.MoveNext();
            if (!hasVerified || !hasReceived)
            {
                return hasVerified ? $"{Member(path, verifiedProperties.Current.Name)} (missing in received)"
                    : hasReceived ? $"{Member(path, receivedProperties.Current.Name)} (only in received)"
                    : null;
            }

            var name = verifiedProperties.Current.Name;
            if (name != receivedProperties.Current.Name)
            {
                return $"{Member(path, name)} (received has \"{receivedProperties.Current.Name}\" in its place)";
            }

            if (Compare(verifiedProperties.Current.Value, receivedProperties.Current.Value, Member(path, name)) is { } difference)
            {
                return difference;
            }
        }
    }

    private string? CompareArrays(JsonElement verified, JsonElement received, string path)
    {
        var verifiedLength = verified.GetArrayLength();
        var receivedLength = received.GetArrayLength();
        for (var index = 0; index < Math.Min(verifiedLength, receivedLength); index++)
        {
            if (Compare(verified[index], received[index], $"{path}[{index}]") is { } difference)
            {
                return difference;
            }
        }

        return verifiedLength == receivedLength ? null : $"{path} (verified has {verifiedLength} items, received {receivedLength})";
    }

    private bool NumbersEqual(JsonElement verified, JsonElement received)
    {
        var verifiedText = verified.GetRawText();
        var receivedText = received.GetRawText();
        if (scrub is not null)
        {
            var verifiedScrubbed = scrub(verifiedText);
            var receivedScrubbed = scrub(receivedText);
            if (verifiedScrubbed != verifiedText || receivedScrubbed != receivedText)
            {
                return verifiedScrubbed == receivedScrubbed;
            }
        }

        if (verified.TryGetDecimal(out var verifiedDecimal) && received.TryGetDecimal(out var receivedDecimal))
        {
            return verifiedDecimal == receivedDecimal;
        }

        if (verified.TryGetDouble(out var verifiedDouble) && received.TryGetDouble(out var receivedDouble))
        {
            return verifiedDouble.Equals(receivedDouble);
        }

        return verifiedText == receivedText;
    }

    private string Scrubbed(string value) => scrub is null ? value : scrub(value);

    private static Dictionary<string, JsonElement> LastWins(JsonElement element)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            properties[property.Name] = property.Value;
        }

        return properties;
    }

    private static JsonValueKind Kind(JsonValueKind kind) => kind == JsonValueKind.False ? JsonValueKind.True : kind;

    private static string Mismatch(string path, JsonElement verified, JsonElement received) =>
        $"{path} (verified {Excerpt.Of(verified.GetRawText())}, received {Excerpt.Of(received.GetRawText())})";

    private static string Member(string path, string name) =>
        IdentifierRegex().IsMatch(name) ? $"{path}.{name}" : $"{path}[{JsonSerializer.Serialize(name)}]";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.None, matchTimeoutMilliseconds: 2000)]
    private static partial Regex IdentifierRegex();
}
