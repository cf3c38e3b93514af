using System.Globalization;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Gating;

/// <summary>
/// The rules of one suite's gate in one run mode, shared by everything that gates (the CLI's tally and the NUnit
/// adapter's tests), so they cannot disagree. Assertion failures, new and request-changed cases fail; a provider error (the
/// model's, the judge's or the embedding model's) fails unless the suite budgets some; a changed case fails when it has a
/// critical tag, or went from passing to failing under <c>no_regressions</c>, and otherwise counts toward its allowed share
/// of changed cases (its tags' own shares, else the suite's: at most <c>floor(share × cases)</c>); an intended change,
/// a judged-equivalent or unstable case never fails; a gating model identity change (one that does not follow a change of
/// the requested model) fails. In update mode new, changed and request-changed cases were just recorded and identity changes
/// were just accepted, so only provider errors and assertion failures fail.
/// </summary>
/// <param name="definition">The suite's gate.</param>
/// <param name="mode">The run mode.</param>
internal sealed class GatePolicy(GateDefinition definition, RunMode mode)
{
    /// <summary>The suite's gate.</summary>
    public GateDefinition Definition { get; } = definition;

    /// <summary>The run mode.</summary>
    public RunMode Mode { get; } = mode;

    /// <summary>True when the gate may let some changed cases through, so a changed case alone is a warning, not a failure.</summary>
    public bool AllowsChangedCases => Definition.MaxChangedShare > 0;

    /// <summary>
    /// True when the suite's verdict can fail on something no single case fails on: an allowed share of changed cases (the
    /// suite's or a tag's), a provider-error budget, a minimum agreement or a significance level. A test framework then
    /// needs a test of the suite's gate beside the cases' tests.
    /// </summary>
    public bool HasSuiteWideRules =>
        AllowsChangedCases || Definition.MaxChangedShareByTag.Values.Any(share => share > 0) || Definition.MaxProviderErrors > 0
        || Definition.MinAgreement is not null || Definition.Significance is not null;

    /// <summary>The allowed share of changed cases as a percentage, e.g. <c>12.5%</c>.</summary>
    public string MaxChangedSharePercent => Percent(Definition.MaxChangedShare);

    /// <summary>Whether new, changed and request-changed outputs were just recorded (update mode) rather than judged.</summary>
    private bool Records => Mode == RunMode.Update;

    /// <summary>Whether a case carries a tag the gate marks intended.</summary>
    public bool IsIntended(IReadOnlyList<string> tags) => tags.Any(tag => Definition.IntendedTags.Contains(tag));

    /// <summary>Assesses one case on its own.</summary>
    public CaseGateAssessment Assess(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var recorded = Records && result.Outcome is CaseOutcome.New or CaseOutcome.Changed or CaseOutcome.RequestChanged or CaseOutcome.IntendedChange;
        var budgeted = result.Outcome == CaseOutcome.ProviderError && Definition.MaxProviderErrors > 0;
        var failsOnOutcome = result.Outcome switch
        {
            CaseOutcome.ProviderError => !budgeted,
            CaseOutcome.AssertionFailed => true,
            CaseOutcome.New or CaseOutcome.RequestChanged => !Records,
            _ => false,
        };
        var countsAsChange = result.Outcome == CaseOutcome.Changed && !Records;
        IReadOnlyList<string> shareTags = countsAsChange ? [.. result.Tags.Where(Definition.MaxChangedShareByTag.ContainsKey)] : [];
        var criticalTag = countsAsChange ? result.Tags.FirstOrDefault(tag => Definition.CriticalTags.Contains(tag)) : null;
        var regressed = Definition.NoRegressions && !Records && result.PassRates?.IsRegression == true;
        IReadOnlyList<IdentityChange> gatingIdentityChanges = [.. result.IdentityChanges.Where(FailsOn)];
        var shareAllows = shareTags.Count > 0 ? shareTags.All(tag => Definition.MaxChangedShareByTag[tag] > 0) : AllowsChangedCases;
        var decision =
            failsOnOutcome || criticalTag is not null || gatingIdentityChanges.Count > 0 || regressed || (countsAsChange && !shareAllows) ? CaseGateDecision.Fail
            : countsAsChange || budgeted ? CaseGateDecision.Warn
            : CaseGateDecision.Pass;
        return new CaseGateAssessment(decision, failsOnOutcome, countsAsChange, criticalTag, gatingIdentityChanges, recorded, regressed, shareTags, budgeted);
    }

    /// <summary>
    /// Whether a model identity change fails the gate: one the suite gates on (resolved model, digest) that does not follow a
    /// change of the requested model, outside update mode.
    /// </summary>
    public bool FailsOn(IdentityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Gating && !change.Expected && !Records;
    }

    /// <summary>How many of <paramref name="total"/> cases may change: the allowed share of them, rounded down (0.1 of 10 cases allows 1, of 9 allows 0).</summary>
    public int AllowedChangedCases(int total) => Allowed(Definition.MaxChangedShare, total);

    /// <summary>How many of <paramref name="total"/> cases may change at <paramref name="share"/>, rounded down.</summary>
    public static int Allowed(double share, int total) => (int)Math.Floor(share * total + 1e-9);

    /// <summary>Whether <paramref name="changed"/> changed cases (those the assessment counts as changes) out of <paramref name="total"/> are more than the gate allows.</summary>
    public bool ChangedShareExceeded(int changed, int total) => changed > AllowedChangedCases(total);

    /// <summary>A share (0 to 1) as a percentage with at most one decimal, e.g. <c>12.5%</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
