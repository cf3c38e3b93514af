using System.Globalization;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Gating;

/// <summary>
/// The rules of one suite's gate in one run mode, shared by everything that gates (the CLI's tally and the NUnit
/// adapter's tests), so they cannot disagree. Assertion failures, new and request-changed cases fail; a provider error (the
/// model's, the judge's or the embedding model's) fails unless the suite budgets some; a changed case fails when it has a
/// critical tag, or went from passing to failing under <c>no_regressions</c>, and otherwise counts toward its allowed share
/// of changed cases (its tags' own shares, else the suite's: at most <c>floor(share × cases)</c>); an intended change,
/// a judged-equivalent or unstable case never fails; a gating model identity change (one that does not follow a change of
/// the requested model) fails; a case whose answer held but whose likelihood moved beyond <c>max_likelihood_shift</c>
/// fails; the budgets over the suite's figures (tokens, cost, p95 latency) fail the suite. In update mode new, changed and
/// request-changed cases were just recorded and identity changes were just accepted, so only provider errors and assertion
/// failures fail.
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
    /// suite's or a tag's), a provider-error budget, a minimum agreement, a significance level or a budget over the suite's
    /// figures (tokens, cost, latency). A test framework then needs a test of the suite's gate beside the cases' tests.
    /// </summary>
    public bool HasSuiteWideRules =>
        AllowsChangedCases || Definition.MaxChangedShareByTag.Values.Any(share => share > 0) || Definition.MaxProviderErrors > 0
        || Definition.MinAgreement is not null || Definition.Significance is not null
        || Definition.MaxOutputTokensIncrease is not null || Definition.MaxCostIncrease is not null || Definition.MaxLatencyP95 is not null;

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
        var likelihoodShift = LikelihoodShiftExceeded(result);
        var decision =
            failsOnOutcome || criticalTag is not null || gatingIdentityChanges.Count > 0 || regressed || likelihoodShift is not null || (countsAsChange && !shareAllows) ? CaseGateDecision.Fail
            : countsAsChange || budgeted ? CaseGateDecision.Warn
            : CaseGateDecision.Pass;
        return new CaseGateAssessment(decision, failsOnOutcome, countsAsChange, criticalTag, gatingIdentityChanges, recorded, regressed, shareTags, budgeted, likelihoodShift);
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

    /// <summary>
    /// The budget rules the suite sets (<c>max_output_tokens_increase</c>, <c>max_cost_increase</c>, <c>max_latency_p95</c>),
    /// each with its figure and limit, for the verdict's list of rules; <see cref="BudgetViolations"/> says why one failed.
    /// </summary>
    public IEnumerable<GateRuleResult> BudgetRules(SuiteFigures? figures)
    {
        if (Records || Mode == RunMode.Replay)
        {
            yield break;
        }

        var estimated = figures is { TokensEstimated: true } ? ", estimated" : "";
        if (Definition.MaxOutputTokensIncrease is { } tokenLimit)
        {
            var increase = figures?.OutputTokensIncrease;
            yield return new GateRuleResult("max_output_tokens_increase", increase is null || increase <= tokenLimit + 1e-9,
                increase is { } rise
                    ? string.Create(CultureInfo.InvariantCulture, $"output tokens {SignedPercent(rise)} over the baseline ({figures!.BaselineOutputTokens:N0} → {figures.OutputTokens:N0} over {figures.ComparedCases} cases{estimated})")
                    : "no case compared with a baseline",
                $"at most {SignedPercent(tokenLimit)}");
        }

        if (Definition.MaxCostIncrease is { } costLimit)
        {
            var unpriced = figures is { ComparedCases: > 0, ModelsWithoutPrice.Count: > 0 };
            var increase = figures?.CostIncrease;
            yield return new GateRuleResult("max_cost_increase", !unpriced && (increase is null || increase <= costLimit + 1e-9),
                unpriced ? $"no price known for {string.Join(", ", figures!.ModelsWithoutPrice.Select(model => $"'{OutsideText.Escape(model)}'"))}"
                : increase is { } rise
                    ? string.Create(CultureInfo.InvariantCulture, $"estimated cost {SignedPercent(rise)} over the baseline (${figures!.BaselineCost:0.######} → ${figures.Cost:0.######} over {figures.ComparedCases} cases{estimated})")
                    : "no case compared with a baseline",
                $"at most {SignedPercent(costLimit)}");
        }

        if (Definition.MaxLatencyP95 is { } latencyLimit)
        {
            var p95 = figures?.LatencyP95;
            yield return new GateRuleResult("max_latency_p95", p95 is null || p95 <= latencyLimit,
                p95 is { } latency ? $"p95 latency {Seconds(latency)} over {figures!.AnsweredCases} cases" : "no case answered",
                $"at most {Seconds(latencyLimit)}");
        }
    }

    /// <summary>A relative change as a signed percentage, e.g. <c>+42%</c>.</summary>
    public static string SignedPercent(double share) => (share >= 0 ? "+" : "") + Percent(share);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

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
