using LlmGuard.Text;

namespace LlmGuard.Results;

/// <summary>A field of the model identity that differs from the one recorded in the verified snapshot.</summary>
/// <param name="Field"><c>model</c> (the requested provider/model), <c>resolved_model</c>, <c>digest</c> or <c>system_fingerprint</c>.</param>
/// <param name="Recorded">The value in the snapshot.</param>
/// <param name="Current">The value reported now.</param>
/// <param name="Gating">
/// True when the change fails the gate: a resolved model or digest that changed while the requested model did not (unless the
/// suite says otherwise). A change that follows a change of the requested model is expected; a fingerprint change is only reported.
/// </param>
public sealed record IdentityChange(string Field, string? Recorded, string? Current, bool Gating)
{
    /// <summary>
    /// True when the change follows from a change of the requested model (a candidate run with <c>--model</c> or
    /// <c>LLMGUARD_MODEL</c>, or an edited suite <c>model</c>), so a different identity is the point, not drift.
    /// </summary>
    public bool Expected { get; init; }

    /// <summary>Formats as <c>field: recorded → current</c>; the values (reported by a server) are escaped to one line.</summary>
    public override string ToString() => $"{Field}: {OutsideText.Escape(Recorded ?? "(none)")} → {OutsideText.Escape(Current ?? "(none)")}";
}
