using System.Globalization;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Gating;

/// <summary>
/// The rules of one suite's gate in one run mode, shared by everything that gates (the CLI's tally and the NUnit
/// adapter's tests), so they cannot disagree. Provider errors, assertion failures, new and request-changed cases
/// fail; a changed case fails when it has a critical tag, and otherwise counts toward the suite's allowed share of
/// changed cases (at most <c>floor(max_changed_share × cases)</c>); a gating model identity change fails. In update
/// mode new, changed and request-changed cases were just recorded and identity changes were just accepted, so only
/// provider errors and assertion failures fail.
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

    /// <summary>The allowed share of changed cases as a percentage, e.g. <c>12.5%</c>.</summary>
    public string MaxChangedSharePercent => Percent(Definition.MaxChangedShare);

    /// <summary>Whether new, changed and request-changed outputs were just recorded (update mode) rather than judged.</summary>
    private bool Records => Mode == RunMode.Update;

    /// <summary>Assesses one case on its own.</summary>
    public CaseGateAssessment Assess(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var recorded = Records && result.Outcome is CaseOutcome.New or CaseOutcome.Changed or CaseOutcome.RequestChanged;
        var failsOnOutcome = result.Outcome switch
        {
            CaseOutcome.ProviderError or CaseOutcome.AssertionFailed => true,
            CaseOutcome.New or CaseOutcome.RequestChanged => !Records,
            _ => false,
        };
        var countsAsChange = result.Outcome == CaseOutcome.Changed && !Records;
        var criticalTag = countsAsChange ? result.Tags.FirstOrDefault(tag => Definition.CriticalTags.Contains(tag)) : null;
        IReadOnlyList<IdentityChange> gatingIdentityChanges = [.. result.IdentityChanges.Where(FailsOn)];
        var likelihoodShift = LikelihoodShiftExceeded(result);
        var decision =
            failsOnOutcome || criticalTag is not null || gatingIdentityChanges.Count > 0 || likelihoodShift is not null || (countsAsChange && !AllowsChangedCases) ? CaseGateDecision.Fail
            : countsAsChange ? CaseGateDecision.Warn
            : CaseGateDecision.Pass;
        return new CaseGateAssessment(decision, failsOnOutcome, countsAsChange, criticalTag, gatingIdentityChanges, recorded, likelihoodShift);
    }

    /// <summary>
    /// <c>max_likelihood_shift</c>: a case whose answer held (unchanged or equivalent) but whose baseline answer's mean
    /// log-probability moved by more than the limit between the baseline and the candidate model. Its shift, or null.
    /// </summary>
    public double? LikelihoodShiftExceeded(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Definition.MaxLikelihoodShift is { } limit && !Records && result.Outcome.IsPassing() && result.Likelihood is { } likelihood
            && Math.Abs(likelihood.Shift) > limit
            ? likelihood.Shift
            : null;
    }

    /// <summary>
    /// The budget rules over a suite's figures, each with the figures that broke it: <c>max_output_tokens_increase</c>,
    /// <c>max_cost_increase</c> (which cannot pass while a model's price is unknown) and <c>max_latency_p95</c>. They judge
    /// the model's answers, so they do not apply in update mode (the baseline is being replaced) or replay mode (no model answered).
    /// </summary>
    public IEnumerable<string> BudgetViolations(SuiteFigures? figures)
    {
        if (figures is null || Records || Mode == RunMode.Replay)
        {
            yield break;
        }

        var estimated = figures.TokensEstimated ? ", estimated" : "";
        if (Definition.MaxOutputTokensIncrease is { } tokenLimit && figures.OutputTokensIncrease is { } tokenIncrease && tokenIncrease > tokenLimit + 1e-9)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"output tokens rose {SignedPercent(tokenIncrease)} over the baseline ({figures.BaselineOutputTokens:N0} → {figures.OutputTokens:N0} over {figures.ComparedCases} cases{estimated}); the gate allows {SignedPercent(tokenLimit)}");
        }

        if (Definition.MaxCostIncrease is { } costLimit && figures.ComparedCases > 0)
        {
            if (figures.ModelsWithoutPrice.Count > 0)
            {
                yield return $"max_cost_increase cannot be checked: no price is known for {string.Join(", ", figures.ModelsWithoutPrice.Select(model => $"'{model}'"))} (add it under the suite's 'prices')";
            }
            else if (figures.CostIncrease is { } costIncrease && costIncrease > costLimit + 1e-9)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"estimated cost rose {SignedPercent(costIncrease)} over the baseline (${figures.BaselineCost:0.######} → ${figures.Cost:0.######} over {figures.ComparedCases} cases{estimated}); the gate allows {SignedPercent(costLimit)}");
            }
        }

        if (Definition.MaxLatencyP95 is { } latencyLimit && figures.LatencyP95 is { } p95 && p95 > latencyLimit)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"p95 latency is {Seconds(p95)} over {figures.AnsweredCases} cases; the gate allows {Seconds(latencyLimit)}");
        }
    }

    /// <summary>A relative change as a signed percentage, e.g. <c>+42%</c>.</summary>
    public static string SignedPercent(double share) => (share >= 0 ? "+" : "") + Percent(share);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>Whether a model identity change fails the gate: one the suite gates on (resolved model, digest), outside update mode.</summary>
    public bool FailsOn(IdentityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Gating && !Records;
    }

    /// <summary>How many of <paramref name="total"/> cases may change: the allowed share of them, rounded down (0.1 of 10 cases allows 1, of 9 allows 0).</summary>
    public int AllowedChangedCases(int total) => (int)Math.Floor(Definition.MaxChangedShare * total + 1e-9);

    /// <summary>Whether <paramref name="changed"/> changed cases (those the assessment counts as changes) out of <paramref name="total"/> are more than the gate allows.</summary>
    public bool ChangedShareExceeded(int changed, int total) => changed > AllowedChangedCases(total);

    /// <summary>A share (0 to 1) as a percentage with at most one decimal, e.g. <c>12.5%</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
