using LlmGuard.Assertions;
using LlmGuard.Comparison;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Text;

namespace LlmGuard.Execution;

/// <summary>Verify and update runs: the baseline is the verified snapshot (with its calibrated variants).</summary>
internal sealed partial class CaseEvaluator
{
    private async Task<CaseResult> ObserveAsync(CasePlan plan, SnapshotDocument? verified, IReadOnlyList<Observation> runs, EquivalenceLadder ladder, CancellationToken cancellationToken)
    {
        var intended = IsIntended(plan);
        var result = BaseResult(plan, runs, intended);
        var failure = runs.FirstOrDefault(run => run.Failure is not null)?.Failure;
        if (failure is not null)
        {
            return ProviderError(result, failure, runs.Count > 1 ? Repeats(runs) : []);
        }

        var modal = ModalOutput(runs);
        if (verified is null)
        {
            return Record(plan, result, null, modal, runs, CaseOutcome.New, "new case: no verified snapshot yet", null, cancellationToken);
        }

        result = result with { IdentityChanges = IdentityChanges(verified, modal.Identity, plan, comparing: false), SameWeights = SameWeights(verified, modal.Identity, plan) };
        if (verified.RequestFingerprint is { } recorded && recorded != plan.Fingerprint && !OnlyModelChanged(plan, verified, recorded))
        {
            return Record(plan, result, verified, modal, runs, CaseOutcome.RequestChanged, "the request changed since the snapshot was recorded (prompt, parameters or target)", null, cancellationToken);
        }

        Classification classification;
        try
        {
            classification = await ClassifyAsync(plan, verified.Answer, AcceptedVariants(plan, verified), runs, intended, ladder, SnapshotName, cancellationToken).ConfigureAwait(false);
        }
        catch (ComparisonModelException exception)
        {
            return ProviderError(result with { Output = modal.Output, ToolCalls = modal.ToolCalls, BaselineOutput = verified.Output }, FailureOf(exception), runs.Count > 1 ? Repeats(runs) : []);
        }

        result = WithClassification(plan, result, classification, verified.Output, BaselinePassRate(plan, verified, classification, cancellationToken));
        return Record(plan, result, verified, classification.Representative.Observation, runs, result.Outcome, result.Summary, result.AssertionFailures, cancellationToken);
    }

    /// <summary>Whether the verified answer passes the case's assertions; the candidate's when it is the same answer.</summary>
    private static double BaselinePassRate(CasePlan plan, SnapshotDocument verified, Classification classification, CancellationToken cancellationToken)
    {
        if (!HasAssertions(plan))
        {
            return 1;
        }

        var representative = classification.Representative;
        var failures = representative.Observation.Output == verified.Output && representative.Calls.Kind == ToolCallComparisonKind.Identical
            ? representative.Failures
            : AssertionEvaluator.Evaluate(verified.Answer, AssertionsOf(plan), cancellationToken);
        return failures.Count == 0 ? 1 : 0;
    }

    /// <summary>
    /// Writes what the mode calls for: in update mode the verified file (when the output moved or its header changed); in
    /// verify mode the received file for an output that moved (changed, intended, new, request-changed, or failing assertions
    /// with a different output), deleting a stale one when the case agrees again.
    /// </summary>
    private CaseResult Record(CasePlan plan, CaseResult result, SnapshotDocument? verified, Observation representative, IReadOnlyList<Observation> runs, CaseOutcome outcome, string summary, IReadOnlyList<AssertionFailure>? failures, CancellationToken cancellationToken)
    {
        var received = new SnapshotDocument
        {
            Suite = plan.Suite.Id,
            Case = plan.Case.Id,
            Provider = plan.Suite.Target.Provider,
            Model = plan.Suite.Target.Model,
            Identity = representative.Identity,
            Parameters = RequestFingerprint.ParametersJson(plan.Suite.Target, CaseRequestSettings.For(plan.Suite, plan.Case)),
            RequestFingerprint = plan.Fingerprint,
            Output = LineEndings.ToLf(representative.Output ?? ""),
            ToolCalls = [.. representative.ToolCalls.Select(call => call with { Id = null })],
        };
        failures ??= AssertionEvaluator.Evaluate(received.Answer, AssertionsOf(plan), cancellationToken);
        if (failures.Count > 0 && outcome is CaseOutcome.New or CaseOutcome.RequestChanged)
        {
            (outcome, summary) = (CaseOutcome.AssertionFailed, AssertionSummary(failures));
        }

        if (representative.ReplacedSurrogates > 0)
        {
            summary += $" ({representative.ReplacedSurrogates} unpaired UTF-16 surrogate(s) in the answer were recorded as U+FFFD)";
        }

        var diff = verified is null || (verified.Output == received.Output && verified.ToolCalls.Count == 0 && received.ToolCalls.Count == 0)
            ? null
            : AnswerComparer.Compare(verified.Answer, received.Answer, plan.Case.Compare, plan.Case.Scrub,
                store.PathOf(plan.Suite.Id, plan.Case.Id, SnapshotKind.Verified),
                store.PathOf(plan.Suite.Id, plan.Case.Id, SnapshotKind.Received),
                options.MaxDiffLines, cancellationToken).Diff;
        cancellationToken.ThrowIfCancellationRequested();
        result = result with
        {
            Outcome = outcome,
            Summary = summary,
            Output = received.Output,
            ToolCalls = representative.ToolCalls,
            Usage = representative.Usage,
            EstimatedCost = CaseFigures.Cost(plan, representative.Usage, representative.Identity.ResolvedModelId),
            Baseline = CaseFigures.Baseline(plan, verified, received.Answer, representative.Usage),
            Identity = representative.Identity,
            BaselineOutput = verified?.Output,
            AssertionFailures = failures,
            Diff = diff,
            Repeats = result.Repeats.Count == 0 && runs.Count > 1 ? Repeats(runs) : result.Repeats,
        };
        var outputMoved = outcome is CaseOutcome.Changed or CaseOutcome.New or CaseOutcome.RequestChanged or CaseOutcome.IntendedChange
            || (outcome == CaseOutcome.AssertionFailed && (verified is null || diff is not null));
        if (options.Mode == RunMode.Update)
        {
            if (outputMoved || (verified is not null && HeaderChanged(verified, received)))
            {
                store.Write(received, SnapshotKind.Verified);
            }

            store.DeleteReceived(plan.Suite.Id, plan.Case.Id);
            return result;
        }

        if (outputMoved)
        {
            store.Write(received, SnapshotKind.Received);
            return result with { ReceivedPath = store.PathOf(plan.Suite.Id, plan.Case.Id, SnapshotKind.Received) };
        }

        if (outcome.IsPassing())
        {
            store.DeleteReceived(plan.Suite.Id, plan.Case.Id);
        }

        return result;
    }

    /// <summary>
    /// The calibrated variants of the case other than the verified output, when its variants file was made for this request
    /// (or one differing only in the model) and lists the current verified output; otherwise none (a stale calibration
    /// vouches for nothing).
    /// </summary>
    private IReadOnlyList<string> AcceptedVariants(CasePlan plan, SnapshotDocument verified)
    {
        if (variants.Read(plan.Suite.Id, plan.Case.Id) is not { } calibration)
        {
            return [];
        }

        var sameRequest = calibration.RequestFingerprint == plan.Fingerprint || calibration.RequestFingerprint == verified.RequestFingerprint;
        if (!sameRequest || !calibration.Variants.Any(variant => variant.IsVerified && variant.Output == verified.Output))
        {
            return [];
        }

        return [.. calibration.Variants.Where(variant => !variant.IsVerified).Select(variant => variant.Output)];
    }

    /// <summary>The most frequent output among the runs (the first run's on a tie).</summary>
    private static Observation ModalOutput(IReadOnlyList<Observation> runs) =>
        runs.Where(run => run.Failure is null).GroupBy(run => run.Output ?? "", StringComparer.Ordinal)
            .OrderByDescending(group => group.Count()).First().First();

    private static List<RepeatRun> Repeats(IReadOnlyList<Observation> runs) =>
        [.. runs.Select((run, index) => new RepeatRun(index + 1, run.Failure is null ? CaseOutcome.New : CaseOutcome.ProviderError)
        {
            Output = run.Output,
            ToolCalls = run.ToolCalls,
            Usage = run.Usage,
            Seed = run.Seed,
            Failure = run.Failure,
            Duration = run.Duration,
        })];

    /// <summary>
    /// True when the request differs from the recorded one only in provider or model: then the outputs are
    /// compared (that is the point of gating a model upgrade) and the swap is reported as an identity change.
    /// </summary>
    private static bool OnlyModelChanged(CasePlan plan, SnapshotDocument verified, string recordedFingerprint)
    {
        if (verified.Provider is not { } provider || verified.Model is not { } model)
        {
            return false;
        }

        var recordedTarget = plan.Suite.Target with { Provider = provider, Model = model };
        return RequestFingerprint.Compute(recordedTarget, plan.Messages, CaseRequestSettings.For(plan.Suite, plan.Case)) == recordedFingerprint;
    }

    private static bool HeaderChanged(SnapshotDocument verified, SnapshotDocument received) =>
        verified.Provider != received.Provider
        || verified.Model != received.Model
        || verified.Parameters != received.Parameters
        || verified.Identity.ResolvedModelId != received.Identity.ResolvedModelId
        || verified.Identity.Digest != received.Identity.Digest
        || !verified.Identity.Details.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(received.Identity.Details.OrderBy(p => p.Key, StringComparer.Ordinal));

    /// <summary>Whether the run asked for another provider or model than the baseline recorded.</summary>
    private static bool RequestedModelChanged(string? recordedProvider, string? recordedModel, CasePlan plan) =>
        recordedProvider is not null && recordedModel is not null
        && $"{recordedProvider}/{recordedModel}" != $"{plan.Suite.Target.Provider}/{plan.Suite.Target.Model}";

    /// <summary>
    /// The identity fields that differ from the baseline's. After a change of the requested model (a candidate run, an edited
    /// suite <c>model</c>, or a comparison) a different resolved model or digest is expected and reported; under an unchanged
    /// requested name it gates (unless the suite says otherwise): silent provider drift, a re-pulled tag, new weights.
    /// </summary>
    private static List<IdentityChange> IdentityChanges(SnapshotDocument verified, ModelIdentity current, CasePlan plan, bool comparing)
    {
        var changes = new List<IdentityChange>();
        var requestedChanged = comparing || RequestedModelChanged(verified.Provider, verified.Model, plan);
        var gating = plan.Suite.Gate.FailOnIdentityChange && !requestedChanged;
        var requested = $"{plan.Suite.Target.Provider}/{plan.Suite.Target.Model}";
        if (verified.Provider is not null && verified.Model is not null && $"{verified.Provider}/{verified.Model}" != requested)
        {
            changes.Add(new IdentityChange("model", $"{verified.Provider}/{verified.Model}", requested, Gating: false) { Expected = true });
        }

        if (verified.Identity.ResolvedModelId is { } recordedId && current.ResolvedModelId is { } currentId && recordedId != currentId)
        {
            changes.Add(new IdentityChange("resolved_model", recordedId, currentId, gating) { Expected = requestedChanged });
        }

        if (verified.Identity.Digest is { } recordedDigest && current.Digest is { } currentDigest && recordedDigest != currentDigest)
        {
            changes.Add(new IdentityChange("digest", recordedDigest, currentDigest, gating) { Expected = requestedChanged });
        }

        if (verified.Identity.SystemFingerprint is { } recordedPrint && current.SystemFingerprint is { } currentPrint && recordedPrint != currentPrint)
        {
            changes.Add(new IdentityChange("system_fingerprint", recordedPrint, currentPrint, Gating: false) { Expected = requestedChanged });
        }

        return changes;
    }

    /// <summary>For a changed requested model: whether both sides report the same weights digest; null when either reports none or nothing changed.</summary>
    private static bool? SameWeights(SnapshotDocument verified, ModelIdentity current, CasePlan plan) =>
        RequestedModelChanged(verified.Provider, verified.Model, plan) && verified.Identity.Digest is { } recorded && current.Digest is { } now
            ? string.Equals(recorded, now, StringComparison.OrdinalIgnoreCase)
            : null;
}
