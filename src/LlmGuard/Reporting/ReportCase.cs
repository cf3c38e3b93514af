using System.Text.Json.Serialization;

namespace LlmGuard.Reporting;

/// <summary>One case's result in a report.</summary>
internal sealed record ReportCase
{
    /// <summary>The suite id.</summary>
    public required string Suite { get; init; }

    /// <summary>The case id.</summary>
    public required string Case { get; init; }

    /// <summary>The case's place among every selected case of the run before sharding (0-based), so merged shards keep plan order.</summary>
    public required int Position { get; init; }

    /// <summary>The case's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The outcome's name, e.g. <c>changed</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>What the suite's gate makes of the case on its own: <c>pass</c>, <c>warn</c> or <c>fail</c>.</summary>
    public required string Gate { get; init; }

    /// <summary>One line saying what happened.</summary>
    public required string Summary { get; init; }

    /// <summary>The output of this run; null when there was none.</summary>
    public string? Output { get; init; }

    /// <summary>The verified output it was compared with; null when there was none.</summary>
    public string? Baseline { get; init; }

    /// <summary>A bounded unified diff between the baseline and the output.</summary>
    public string? Diff { get; init; }

    /// <summary>The assertions that failed.</summary>
    public IReadOnlyList<ReportAssertionFailure> AssertionFailures { get; init; } = [];

    /// <summary>Why the provider produced no output.</summary>
    public ReportFailure? Failure { get; init; }

    /// <summary>The identity of the model that answered.</summary>
    public ReportIdentity? Identity { get; init; }

    /// <summary>Identity changes against the verified snapshot.</summary>
    public IReadOnlyList<ReportIdentityChange> IdentityChanges { get; init; } = [];

    /// <summary>The request fingerprint.</summary>
    public required string RequestFingerprint { get; init; }

    /// <summary>How long the case took, in milliseconds.</summary>
    public double DurationMs { get; init; }

    /// <summary>The tokens the provider reported.</summary>
    public ReportTokens? Tokens { get; init; }

    /// <summary>The estimated cost of this run's call in US dollars; null when the model's price is not known.</summary>
    public double? EstimatedCost { get; init; }

    /// <summary>The baseline's tokens and cost (from the verified snapshot), to compare with; null without a snapshot.</summary>
    public ReportBaselineFigures? BaselineFigures { get; init; }

    /// <summary>The provider the request was sent to (the candidate's, in a comparison).</summary>
    public string? Provider { get; init; }

    /// <summary>The model the request asked for (the candidate's, in a comparison).</summary>
    public string? Model { get; init; }

    /// <summary>True when the case is meant to change (<c>expect_change</c>, or a tag in the gate's <c>intended_tags</c>).</summary>
    public bool Intended { get; init; }

    /// <summary>For a changed requested model: true when the answer came from the same weights as the baseline, false when not, null when unknown.</summary>
    public bool? SameWeights { get; init; }

    /// <summary>The step of the equivalence ladder that decided the comparison, with its score; null when nothing was compared.</summary>
    public ReportLadderStep? DecidingStep { get; init; }

    /// <summary>Every step of the ladder that ran, in order.</summary>
    public IReadOnlyList<ReportLadderStep> Ladder { get; init; } = [];

    /// <summary>TARr@k / TARa@k of a repeated case; null for a case run once.</summary>
    public ReportStability? Stability { get; init; }

    /// <summary>The share of the case's runs whose output agrees with the baseline; null when nothing was compared.</summary>
    public double? Agreement { get; init; }

    /// <summary>The case's pass rates on the baseline and the candidate, for the paired statistics.</summary>
    public ReportPassRates? PassRates { get; init; }

    /// <summary>Every run of a repeated case, in order; empty for a case run once.</summary>
    public IReadOnlyList<ReportRepeat> Repeats { get; init; } = [];

    /// <summary>The tool calls of the received answer, in order.</summary>
    public IReadOnlyList<ReportToolCall> ToolCalls { get; init; } = [];

    /// <summary>The likelihood of the baseline answer under the baseline and the candidate model; null when not measured.</summary>
    public ReportLikelihood? Likelihood { get; init; }

    /// <summary>The verified snapshot file.</summary>
    public string? Verified { get; init; }

    /// <summary>The received file this run wrote.</summary>
    public string? Received { get; init; }

    /// <summary><c>suite/case</c>.</summary>
    [JsonIgnore]
    public string Name => $"{Suite}/{Case}";
}

/// <summary>An assertion that did not hold.</summary>
/// <param name="Assertion">The assertion's name, e.g. <c>contains</c>.</param>
/// <param name="Message">What was expected and what was found.</param>
internal sealed record ReportAssertionFailure(string Assertion, string Message);

/// <summary>Why a provider call produced no output.</summary>
/// <param name="Kind">The failure kind, e.g. <c>timeout</c> or <c>http</c>.</param>
/// <param name="Message">The provider's message, secrets scrubbed.</param>
/// <param name="StatusCode">The HTTP status, when there was one.</param>
internal sealed record ReportFailure(string Kind, string Message, int? StatusCode = null);

/// <summary>The identity of the model that answered.</summary>
/// <param name="ResolvedModel">The model id the provider reported.</param>
/// <param name="Digest">The weights' digest.</param>
/// <param name="SystemFingerprint">The backend fingerprint.</param>
/// <param name="Details">Stable descriptive details.</param>
internal sealed record ReportIdentity(string? ResolvedModel = null, string? Digest = null, string? SystemFingerprint = null, IReadOnlyDictionary<string, string>? Details = null);

/// <summary>A model identity field that differs from the recorded one.</summary>
/// <param name="Field">The field, e.g. <c>resolved_model</c>.</param>
/// <param name="Recorded">The value in the snapshot.</param>
/// <param name="Current">The value now.</param>
/// <param name="Gating">Whether the change fails the gate.</param>
internal sealed record ReportIdentityChange(string Field, string? Recorded = null, string? Current = null, bool Gating = false)
{
    /// <summary>True when the change follows a change of the requested model (a candidate run), so it is reported, not gated.</summary>
    public bool Expected { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Text.OutsideText.Escape(Recorded ?? "(none)")} → {Text.OutsideText.Escape(Current ?? "(none)")}";
}

/// <summary>The tokens of a call, as the provider reported them or, where it reported none, as counted here.</summary>
/// <param name="Input">Request tokens.</param>
/// <param name="Output">Answer tokens.</param>
/// <param name="Total">All tokens.</param>
/// <param name="Estimated">True when counted here rather than reported by the provider.</param>
internal sealed record ReportTokens(long? Input = null, long? Output = null, long? Total = null, bool Estimated = false);
