using LlmGuard.Assertions;
using LlmGuard.Comparison;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Text;

namespace LlmGuard.Execution;

/// <summary>
/// Classifies one case from its observation (or, in replay mode, its recorded output) against the verified
/// snapshot, and writes the received or verified file the mode calls for. The only place results are classified,
/// so every front end (CLI, NUnit) classifies identically.
/// </summary>
internal sealed class CaseEvaluator(SnapshotStore store, RunOptions options, PreloadedSnapshots? preloaded)
{
    /// <summary>Classifies the case; <paramref name="cancellationToken"/> is checked in every step that loops (assertions, scrubbers, comparison, diff).</summary>
    public CaseResult Evaluate(CasePlan plan, Observation? observation, CancellationToken cancellationToken = default) =>
        Evaluate(plan, observation, ReadVerified(plan), cancellationToken);

    /// <summary>Classifies a case against the verified snapshot already read with <see cref="ReadVerified"/>.</summary>
    public CaseResult Evaluate(CasePlan plan, Observation? observation, SnapshotDocument? verified, CancellationToken cancellationToken = default)
    {
        try
        {
            return EvaluateCore(plan, observation, verified, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"{plan.Name}: cannot read or write its snapshot in {OutsideText.Escape(store.Root)}: {OutsideText.Escape(exception.Message)}", exception);
        }
        catch (Exception exception) when (exception is InvalidDataException or TimeoutException)
        {
            throw new RunInputException($"{plan.Name}: {OutsideText.Escape(exception.Message)}", exception);
        }
    }

    /// <summary>The case's verified snapshot: the pre-loaded one, else read from the store; null when there is none.</summary>
    /// <exception cref="RunInputException">The file cannot be read or parsed.</exception>
    public SnapshotDocument? ReadVerified(CasePlan plan)
    {
        try
        {
            return preloaded is not null && preloaded.TryTake(plan.Suite.Id, plan.Case.Id, out var taken) ? taken : store.Read(plan.Suite.Id, plan.Case.Id, SnapshotKind.Verified);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"{plan.Name}: cannot read its snapshot in {OutsideText.Escape(store.Root)}: {OutsideText.Escape(exception.Message)}", exception);
        }
        catch (InvalidDataException exception)
        {
            throw new RunInputException($"{plan.Name}: {OutsideText.Escape(exception.Message)}", exception);
        }
    }

    private CaseResult EvaluateCore(CasePlan plan, Observation? observation, SnapshotDocument? verified, CancellationToken cancellationToken)
    {
        var suite = plan.Suite.Id;
        var caseId = plan.Case.Id;
        var verifiedPath = store.PathOf(suite, caseId, SnapshotKind.Verified);
        var baseResult = new CaseResult
        {
            Suite = suite,
            Case = caseId,
            Tags = plan.Case.Tags,
            Outcome = CaseOutcome.Unchanged,
            Summary = "",
            VerifiedPath = verifiedPath,
            RequestFingerprint = plan.Fingerprint,
            Identity = observation?.Identity ?? ModelIdentity.Unknown,
            Duration = observation?.Duration ?? TimeSpan.Zero,
        };

        if (observation?.Failure is { } failure)
        {
            // Nothing is written for a provider error: name the verified file only when there is one.
            return baseResult with
            {
                Outcome = CaseOutcome.ProviderError,
                Summary = $"provider error ({failure.Kind}): {failure.Message}",
                Failure = failure,
                VerifiedPath = File.Exists(verifiedPath) ? verifiedPath : null,
            };
        }

        return options.Mode == RunMode.Replay
            ? Replay(plan, verified, baseResult, cancellationToken)
            : Observe(plan, verified, observation!, baseResult, cancellationToken);
    }

    private static CaseResult Replay(CasePlan plan, SnapshotDocument? verified, CaseResult result, CancellationToken cancellationToken)
    {
        if (verified is null)
        {
            return result with { Outcome = CaseOutcome.New, Summary = "no verified snapshot to replay: record it with --mode update" };
        }

        result = result with { Output = verified.Output, BaselineOutput = verified.Output, ToolCalls = verified.ToolCalls, Identity = verified.Identity };
        if (verified.RequestFingerprint is { } recorded && recorded != plan.Fingerprint)
        {
            return result with { Outcome = CaseOutcome.RequestChanged, Summary = "the request changed since the snapshot was recorded (prompt, parameters or target): record it again" };
        }

        var failures = AssertionEvaluator.Evaluate(verified.Answer, ImpliedAssertions.Of(plan.Case, plan.Suite.Target), cancellationToken);
        return failures.Count > 0
            ? result with { Outcome = CaseOutcome.AssertionFailed, AssertionFailures = failures, Summary = AssertionSummary(failures) }
            : result with { Outcome = CaseOutcome.Unchanged, Summary = "replayed the recorded output" };
    }

    private CaseResult Observe(CasePlan plan, SnapshotDocument? verified, Observation observation, CaseResult result, CancellationToken cancellationToken)
    {
        var output = LoneSurrogates.Replace(observation.Output ?? "", out var replaced);
        var settings = CaseRequestSettings.For(plan.Suite, plan.Case);
        var received = new SnapshotDocument
        {
            Suite = plan.Suite.Id,
            Case = plan.Case.Id,
            Provider = plan.Suite.Target.Provider,
            Model = plan.Suite.Target.Model,
            Identity = observation.Identity,
            Parameters = RequestFingerprint.ParametersJson(plan.Suite.Target, settings),
            RequestFingerprint = plan.Fingerprint,
            Output = LineEndings.ToLf(output),
            ToolCalls = [.. observation.ToolCalls.Select(call => call with { Id = null })],
        };
        result = result with
        {
            Output = received.Output,
            BaselineOutput = verified?.Output,
            ToolCalls = observation.ToolCalls,
            IdentityChanges = verified is null ? [] : IdentityChanges(verified, observation.Identity, plan),
            Usage = observation.Usage,
            EstimatedCost = CaseFigures.Cost(plan, observation.Usage, observation.Identity.ResolvedModelId),
            Baseline = CaseFigures.Baseline(plan, verified, received.Answer, observation.Usage),
            Likelihood = observation.Likelihood,
        };
        var failures = AssertionEvaluator.Evaluate(received.Answer, ImpliedAssertions.Of(plan.Case, plan.Suite.Target), cancellationToken);

        var (outcome, summary, diff) = Compare(plan, verified, received, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (failures.Count > 0)
        {
            (outcome, summary) = (CaseOutcome.AssertionFailed, AssertionSummary(failures));
        }

        if (replaced > 0)
        {
            summary += $" ({replaced} unpaired UTF-16 surrogate(s) in the answer were recorded as U+FFFD)";
        }

        result = result with { Outcome = outcome, Summary = summary, Diff = diff, AssertionFailures = failures };
        var outputMoved = outcome is CaseOutcome.Changed or CaseOutcome.New or CaseOutcome.RequestChanged
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

    private (CaseOutcome Outcome, string Summary, string? Diff) Compare(CasePlan plan, SnapshotDocument? verified, SnapshotDocument received, CancellationToken cancellationToken)
    {
        if (verified is null)
        {
            return (CaseOutcome.New, "new case: no verified snapshot yet", null);
        }

        var comparison = AnswerComparer.Compare(verified.Answer, received.Answer, plan.Case.Compare, plan.Case.Scrub,
            store.PathOf(plan.Suite.Id, plan.Case.Id, SnapshotKind.Verified),
            store.PathOf(plan.Suite.Id, plan.Case.Id, SnapshotKind.Received),
            options.MaxDiffLines, cancellationToken);
        var diff = comparison.Diff;
        if (verified.RequestFingerprint is { } recorded && recorded != plan.Fingerprint && !OnlyModelChanged(plan, verified, recorded))
        {
            return (CaseOutcome.RequestChanged, "the request changed since the snapshot was recorded (prompt, parameters or target)", diff);
        }

        return comparison.Kind switch
        {
            ComparisonKind.Identical => (CaseOutcome.Unchanged, "output matches the verified snapshot", null),
            ComparisonKind.Equivalent => (CaseOutcome.Equivalent, $"output is equivalent to the verified snapshot (differs only in {comparison.Reason})", diff),
            _ => (CaseOutcome.Changed, "output differs from the verified snapshot" + (comparison.Reason is { } reason ? $": {reason}" : ""), diff),
        };
    }

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

    private static List<IdentityChange> IdentityChanges(SnapshotDocument verified, ModelIdentity current, CasePlan plan)
    {
        var gating = plan.Suite.Gate.FailOnIdentityChange;
        var changes = new List<IdentityChange>();
        var requested = $"{plan.Suite.Target.Provider}/{plan.Suite.Target.Model}";
        if (verified.Provider is not null && verified.Model is not null && $"{verified.Provider}/{verified.Model}" != requested)
        {
            changes.Add(new IdentityChange("model", $"{verified.Provider}/{verified.Model}", requested, Gating: false));
        }
        if (verified.Identity.ResolvedModelId is { } recordedId && current.ResolvedModelId is { } currentId && recordedId != currentId)
        {
            changes.Add(new IdentityChange("resolved_model", recordedId, currentId, gating));
        }

        if (verified.Identity.Digest is { } recordedDigest && current.Digest is { } currentDigest && recordedDigest != currentDigest)
        {
            changes.Add(new IdentityChange("digest", recordedDigest, currentDigest, gating));
        }

        if (verified.Identity.SystemFingerprint is { } recordedPrint && current.SystemFingerprint is { } currentPrint && recordedPrint != currentPrint)
        {
            changes.Add(new IdentityChange("system_fingerprint", recordedPrint, currentPrint, Gating: false));
        }

        return changes;
    }

    private static string AssertionSummary(IReadOnlyList<AssertionFailure> failures) =>
        failures.Count == 1 ? $"assertion failed: {failures[0].Message}" : $"{failures.Count} assertions failed; first: {failures[0].Message}";
}
