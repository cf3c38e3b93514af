using LlmGuard.Results;

namespace LlmGuard.Execution;

/// <summary>The baseline side of a comparison for one case: its runs, and the provider and model it asked.</summary>
/// <param name="Provider">The baseline's provider.</param>
/// <param name="Model">The baseline's requested model.</param>
/// <param name="Runs">Its runs (empty when a results file has no record of the case).</param>
/// <param name="Description">How the side is named in messages, e.g. "model gpt-4o-2024-08-06" or "results file base.jsonl".</param>
internal sealed record BaselineRuns(string? Provider, string? Model, IReadOnlyList<Observation> Runs, string Description);
