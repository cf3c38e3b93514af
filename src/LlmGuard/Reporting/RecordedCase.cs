using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>One case of an earlier run, as its results file recorded it.</summary>
/// <param name="Name"><c>suite/case</c>.</param>
/// <param name="Provider">The provider the run asked.</param>
/// <param name="Model">The model the run asked for.</param>
/// <param name="Identity">The identity of the model that answered.</param>
/// <param name="Runs">Every run's answer (one without repeats); empty when the run failed.</param>
/// <param name="Failure">Why there is no output, when there is none.</param>
internal sealed record RecordedCase(string Name, string? Provider, string? Model, ModelIdentity Identity, IReadOnlyList<RecordedRun> Runs, string? Failure);
