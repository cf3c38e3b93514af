using System.Text;

namespace LlmGuard.Bench;

/// <summary>
/// The loopback model's answers: deterministic per prompt, 300 to 1,500 characters of plain prose, starting with a
/// line the suite's assertions check. A configurable share of prompts gets a changed word (drift), so a verify run
/// has real differences to classify and diff.
/// </summary>
internal static class BenchAnswers
{
    public const int MinimumLength = 300;
    public const int MaximumLength = 1500;

    private static readonly string[] Words =
    [
        "the", "catalogue", "item", "is", "a", "durable", "lightweight", "product", "with", "clear", "instructions", "and",
        "it", "ships", "in", "recycled", "packaging", "customers", "report", "that", "assembly", "takes", "minutes",
        "warranty", "covers", "two", "years", "of", "normal", "use", "colour", "options", "include", "blue", "green",
        "grey", "dimensions", "are", "listed", "below", "for", "reference", "compatible", "accessories", "sold", "separately",
    ];

    public static string For(string prompt, double driftShare)
    {
        var hash = Fnv1a(prompt);
        var length = MinimumLength + (int)(hash % (MaximumLength - MinimumLength + 1));
        var random = new Random((int)(hash & 0x7FFFFFFF));
        var builder = new StringBuilder(length + 16).Append($"Catalogue answer {hash:x8}:\n");
        while (builder.Length < length)
        {
            builder.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ".\n" : " ");
        }

        builder.Length = length;
        var drifted = (hash / 7919) % 1000 < driftShare * 1000;
        if (drifted)
        {
            builder.Replace(" item ", " revised item ", length / 2, length / 2);
            builder.Append("\n(revised)");
        }

        return builder.ToString();
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261;
        foreach (var character in text)
        {
            hash = (hash ^ character) * 16777619;
        }

        return hash;
    }
}
