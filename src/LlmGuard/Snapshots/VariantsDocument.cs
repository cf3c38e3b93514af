namespace LlmGuard.Snapshots;

/// <summary>
/// What <c>llmguard calibrate</c> measured for one case: the distinct outputs of k runs of the baseline model (the accepted
/// variants, the verified output among them) and how often each came.
/// </summary>
internal sealed record VariantsDocument
{
    /// <summary>The suite id.</summary>
    public required string Suite { get; init; }

    /// <summary>The case id.</summary>
    public required string Case { get; init; }

    /// <summary>The request fingerprint the runs were made for.</summary>
    public required string RequestFingerprint { get; init; }

    /// <summary>How many runs were made.</summary>
    public required int Runs { get; init; }

    /// <summary>The variants: the verified output first, then by how often they came, then by text.</summary>
    public required IReadOnlyList<Variant> Variants { get; init; }

    /// <summary>The share of runs that reproduced the verified output.</summary>
    public double Agreement => Runs == 0 ? 0 : (double)Variants.Where(variant => variant.IsVerified).Sum(variant => variant.Count) / Runs;

    /// <summary>TARr@k: the share of runs that gave the most frequent output.</summary>
    public double Tarr => Runs == 0 || Variants.Count == 0 ? 0 : (double)Variants.Max(variant => variant.Count) / Runs;

    /// <summary>One accepted output.</summary>
    /// <param name="Output">The output, LF line endings.</param>
    /// <param name="Count">How many runs gave it.</param>
    /// <param name="IsVerified">Whether it is the verified snapshot's output.</param>
    public sealed record Variant(string Output, int Count, bool IsVerified);
}
