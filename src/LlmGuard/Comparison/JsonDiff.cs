using System.Globalization;
using System.Text.Json;
using LlmGuard.Text;

namespace LlmGuard.Comparison;

/// <summary>
/// Every difference between two JSON values, by JSON path: <c>$.items[2].price: 10 → 12</c>. Object member order is
/// ignored; arrays compare element by element; numbers by value (within a tolerance where one is set); strings after an
/// optional scrubbing. Members can be ignored or given a numeric tolerance by their member path (array indices skipped:
/// <c>items.price</c> names the price of every item).
/// </summary>
internal sealed class JsonDiff
{
    /// <summary>What stands for a member or item one side does not have.</summary>
    public const string Missing = "(missing)";

    private readonly Func<string, string>? scrub;
    private readonly Func<IReadOnlyList<string>, bool>? ignores;
    private readonly Func<IReadOnlyList<string>, double>? tolerance;
    private readonly int maxDifferences;
    private readonly List<string> differences = [];

    /// <summary>Creates a differ.</summary>
    /// <param name="scrub">Applied to every string value and number text on both sides before comparing, when set.</param>
    /// <param name="ignores">Whether the value at a member path is not compared (its presence still is).</param>
    /// <param name="tolerance">The absolute tolerance of a number at a member path (0: exact).</param>
    /// <param name="maxDifferences">The most differences listed; the rest are only counted.</param>
    public JsonDiff(Func<string, string>? scrub = null, Func<IReadOnlyList<string>, bool>? ignores = null, Func<IReadOnlyList<string>, double>? tolerance = null, int maxDifferences = 50)
    {
        this.scrub = scrub;
        this.ignores = ignores;
        this.tolerance = tolerance;
        this.maxDifferences = maxDifferences;
    }

    /// <summary>How many differences were found (listed or not).</summary>
    public int Count { get; private set; }

    /// <summary>True when an ignored member had different values.</summary>
    public bool UsedIgnore { get; private set; }

    /// <summary>True when numbers differed within their tolerance.</summary>
    public bool UsedTolerance { get; private set; }

    /// <summary>The listed differences, in document order: <c>path: verified → received</c>.</summary>
    public IReadOnlyList<string> Differences => differences;

    /// <summary>Compares two values and returns the differences (also kept in <see cref="Differences"/>).</summary>
    public IReadOnlyList<string> Compare(JsonElement verified, JsonElement received)
    {
        Walk(verified, received, "$", []);
        return differences;
    }

    /// <summary>The differences, each on a line, with a closing line counting those not listed.</summary>
    public string Render(string indent = "")
    {
        var lines = differences.Select(difference => indent + difference).ToList();
        if (Count > differences.Count)
        {
            lines.Add($"{indent}… and {Count - differences.Count} more difference(s)");
        }

        return string.Join("\n", lines);
    }

    private void Walk(JsonElement verified, JsonElement received, string path, List<string> members)
    {
        if (ignores?.Invoke(members) == true)
        {
            if (!SameValue(verified, received, members))
            {
                UsedIgnore = true;
            }

            return;
        }

        if (Kind(verified) != Kind(received))
        {
            Add(path, Show(verified), Show(received));
            return;
        }

        switch (verified.ValueKind)
        {
            case JsonValueKind.Object:
                var verifiedMembers = LastWins(verified);
                var receivedMembers = LastWins(received);
                foreach (var name in verifiedMembers.Keys.Union(receivedMembers.Keys).Order(StringComparer.Ordinal))
                {
                    var memberPath = Member(path, name);
                    members.Add(name);
                    var inVerified = verifiedMembers.TryGetValue(name, out var verifiedValue);
                    var inReceived = receivedMembers.TryGetValue(name, out var receivedValue);
                    if (inVerified && inReceived)
                    {
                        Walk(verifiedValue, receivedValue, memberPath, members);
                    }
                    else
                    {
                        Add(memberPath, inVerified ? Show(verifiedValue) : Missing, inReceived ? Show(receivedValue) : Missing);
                    }

                    members.RemoveAt(members.Count - 1);
                }

                break;
            case JsonValueKind.Array:
                var verifiedLength = verified.GetArrayLength();
                var receivedLength = received.GetArrayLength();
                for (var index = 0; index < Math.Max(verifiedLength, receivedLength); index++)
                {
                    var itemPath = $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";
                    if (index < verifiedLength && index < receivedLength)
                    {
                        Walk(verified[index], received[index], itemPath, members);
                    }
                    else
                    {
                        Add(itemPath, index < verifiedLength ? Show(verified[index]) : Missing, index < receivedLength ? Show(received[index]) : Missing);
                    }
                }

                break;
            case JsonValueKind.String:
                if (Scrubbed(verified.GetString()!) != Scrubbed(received.GetString()!))
                {
                    Add(path, Show(verified), Show(received));
                }

                break;
            case JsonValueKind.Number:
                if (!NumbersEqual(verified, received, members))
                {
                    Add(path, Show(verified), Show(received));
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                if (verified.ValueKind != received.ValueKind)
                {
                    Add(path, Show(verified), Show(received));
                }

                break;
        }
    }

    private bool SameValue(JsonElement verified, JsonElement received, List<string> members)
    {
        var probe = new JsonDiff(scrub, null, tolerance, maxDifferences: 0);
        probe.Walk(verified, received, "$", [.. members]);
        return probe.Count == 0;
    }

    private bool NumbersEqual(JsonElement verified, JsonElement received, List<string> members)
    {
        var verifiedText = verified.GetRawText();
        var receivedText = received.GetRawText();
        if (scrub is not null && (scrub(verifiedText) != verifiedText || scrub(receivedText) != receivedText))
        {
            return scrub(verifiedText) == scrub(receivedText);
        }

        if (verified.TryGetDecimal(out var verifiedDecimal) && received.TryGetDecimal(out var receivedDecimal) && verifiedDecimal == receivedDecimal)
        {
            return true;
        }

        if (!verified.TryGetDouble(out var verifiedDouble) || !received.TryGetDouble(out var receivedDouble))
        {
            return verifiedText == receivedText;
        }

        if (verifiedDouble.Equals(receivedDouble))
        {
            return true;
        }

        var allowed = tolerance?.Invoke(members) ?? 0;
        if (allowed > 0 && Math.Abs(verifiedDouble - receivedDouble) <= allowed)
        {
            UsedTolerance = true;
            return true;
        }

        return false;
    }

    private void Add(string path, string verified, string received)
    {
        Count++;
        if (differences.Count < maxDifferences)
        {
            differences.Add($"{path}: {verified} → {received}");
        }
    }

    private string Scrubbed(string value) => scrub is null ? value : scrub(value);

    private static string Show(JsonElement element) => Excerpt.Of(element.GetRawText());

    private static JsonValueKind Kind(JsonElement element) => element.ValueKind == JsonValueKind.False ? JsonValueKind.True : element.ValueKind;

    private static Dictionary<string, JsonElement> LastWins(JsonElement element)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            properties[property.Name] = property.Value;
        }

        return properties;
    }

    private static string Member(string path, string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}[{JsonSerializer.Serialize(name)}]";
}
