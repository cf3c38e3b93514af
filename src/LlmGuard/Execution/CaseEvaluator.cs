using LlmGuard.Assertions;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Execution;

/// <summary>
/// Classifies one case from its runs (or, in replay mode, its recorded output) against its baseline — the verified snapshot
/// and its calibrated variants, or in a comparison the baseline side's runs — through the equivalence ladder, and writes the
/// received, verified or variants file the mode calls for. The only place results are classified, so every front end (CLI,
/// NUnit) classifies identically.
/// </summary>
internal sealed partial class CaseEvaluator(SnapshotStore store, VariantStore variants, RunOptions options, PreloadedSnapshots? preloaded)
{
    /// <summary>How a baseline is named in summaries of a snapshot run.</summary>
    private const string SnapshotName = "the verified snapshot";

    /// <summary>Classifies a case, reading its verified snapshot when the mode needs one.</summary>
    /// <inheritdoc cref="EvaluateAsync(CasePlan, IReadOnlyList{Observation}, BaselineRuns?, EquivalenceLadder, SnapshotDocument?, CancellationToken)"/>
    public Task<CaseResult> EvaluateAsync(CasePlan plan, IReadOnlyList<Observation> runs, BaselineRuns? baseline, EquivalenceLadder ladder, CancellationToken cancellationToken) =>
        EvaluateAsync(plan, runs, baseline, ladder, options.Mode == RunMode.Compare ? null : ReadVerified(plan), cancellationToken);

    /// <summary>Classifies a case.</summary>
    /// <param name="plan">The case as the candidate side ran it.</param>
    /// <param name="runs">The candidate's runs (one per repeat); empty in replay mode.</param>
    /// <param name="baseline">The baseline side of a comparison (compare mode only).</param>
    /// <param name="ladder">The suite's equivalence ladder.</param>
    /// <param name="verified">The case's verified snapshot, read with <see cref="ReadVerified"/> (unused in a comparison).</param>
    /// <param name="cancellationToken">Stops judge and embedding calls; checked in every step that loops (assertions, scrubbers, comparison, diff).</param>
    /// <exception cref="RunInputException">A snapshot cannot be read or written, or a case's regular expression never finishes.</exception>
    public async Task<CaseResult> EvaluateAsync(CasePlan plan, IReadOnlyList<Observation> runs, BaselineRuns? baseline, EquivalenceLadder ladder, SnapshotDocument? verified, CancellationToken cancellationToken)
    {
        try
        {
            return options.Mode switch
            {
                RunMode.Replay => Replay(plan, verified, cancellationToken),
                RunMode.Compare => await CompareAsync(plan, runs, baseline!, ladder, cancellationToken).ConfigureAwait(false),
                RunMode.Calibrate => Calibrate(plan, verified, runs, cancellationToken),
                _ => await ObserveAsync(plan, verified, runs, ladder, cancellationToken).ConfigureAwait(false),
            };
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

    /// <summary>The result every path starts from: the case, its request, and the candidate's identity.</summary>
    private CaseResult BaseResult(CasePlan plan, IReadOnlyList<Observation> runs, bool intended) => new()
    {
        Suite = plan.Suite.Id,
        Case = plan.Case.Id,
        Provider = options.Mode == RunMode.Replay ? null : plan.Suite.Target.Provider,
        Model = options.Mode == RunMode.Replay ? null : plan.Suite.Target.Model,
        Tags = plan.Case.Tags,
        Intended = intended,
        Outcome = CaseOutcome.Unchanged,
        Summary = "",
        VerifiedPath = options.Mode == RunMode.Compare ? null : store.PathOf(plan.Suite.Id, plan.Case.Id, SnapshotKind.Verified),
        RequestFingerprint = plan.Fingerprint,
        Identity = runs.FirstOrDefault(run => run.Failure is null)?.Identity ?? runs.FirstOrDefault()?.Identity ?? ModelIdentity.Unknown,
        Duration = runs.Aggregate(TimeSpan.Zero, (total, run) => total + run.Duration),
        Likelihood = runs.FirstOrDefault(run => run.Likelihood is not null)?.Likelihood,
    };

    /// <summary>Whether the case is meant to change: <c>expect_change</c>, or a tag the gate marks intended.</summary>
    private static bool IsIntended(CasePlan plan) =>
        plan.Case.ExpectChange || plan.Case.Tags.Any(tag => plan.Suite.Gate.IntendedTags.Contains(tag));

    /// <summary>The case's assertions: its <c>expect</c> and what its response format implies.</summary>
    private static IReadOnlyList<AssertionDefinition> AssertionsOf(CasePlan plan) => ImpliedAssertions.Of(plan.Case, plan.Suite.Target);

    private CaseResult Replay(CasePlan plan, SnapshotDocument? verified, CancellationToken cancellationToken)
    {
        var result = BaseResult(plan, [], IsIntended(plan));
        if (verified is null)
        {
            return result with { Outcome = CaseOutcome.New, Summary = "no verified snapshot to replay: record it with --mode update" };
        }

        result = result with { Output = verified.Output, BaselineOutput = verified.Output, ToolCalls = verified.ToolCalls, Identity = verified.Identity };
        if (verified.RequestFingerprint is { } recorded && recorded != plan.Fingerprint)
        {
            return result with { Outcome = CaseOutcome.RequestChanged, Summary = "the request changed since the snapshot was recorded (prompt, parameters or target): record it again" };
        }

        var failures = AssertionEvaluator.Evaluate(verified.Answer, AssertionsOf(plan), cancellationToken);
        return failures.Count > 0
            ? result with { Outcome = CaseOutcome.AssertionFailed, AssertionFailures = failures, Summary = AssertionSummary(failures) }
            : result with { Outcome = CaseOutcome.Unchanged, Summary = "replayed the recorded output" };
    }

    /// <summary>A case whose run (or judge, or embedding model) failed. Nothing is written: the verified file is named only when there is one.</summary>
    private static CaseResult ProviderError(CaseResult result, ProviderFailure failure, IReadOnlyList<RepeatRun> repeats) => result with
    {
        Outcome = CaseOutcome.ProviderError,
        Summary = failure.Source == "model"
            ? $"provider error ({failure.Kind}): {failure.Message}"
            : $"provider error of the {failure.Source} ({failure.Kind}): {failure.Message}",
        Failure = failure,
        Repeats = repeats,
        VerifiedPath = result.VerifiedPath is { } path && File.Exists(path) ? path : null,
    };

    /// <summary>The classified failure of a judge or embedding model.</summary>
    private static ProviderFailure FailureOf(ComparisonModelException exception) =>
        exception.Failure ?? ProviderFailures.From(exception.InnerException ?? exception, exception.TimedOut, exception.Timeout) with { Source = exception.Source };

    private static string AssertionSummary(IReadOnlyList<AssertionFailure> failures) =>
        failures.Count == 1 ? $"assertion failed: {failures[0].Message}" : $"{failures.Count} assertions failed; first: {failures[0].Message}";
}
