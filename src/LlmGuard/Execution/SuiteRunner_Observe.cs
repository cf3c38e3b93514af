using System.Diagnostics;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Snapshots;
using LlmGuard.Suites;
using LlmGuard.Text;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>How a case is observed: its runs (repeats, recorded results of a comparison side) and each call to the model.</summary>
internal sealed partial class SuiteRunner
{
    /// <summary>A case's runs, its baseline side (compare mode) and its verified snapshot when it was read already.</summary>
    private sealed record ObservedCase(IReadOnlyList<Observation> Runs, BaselineRuns? Baseline, SnapshotDocument? Verified, bool VerifiedRead);

    /// <summary>How many times a case's request is sent: the run's setting, else the case's own <c>repeat</c>, else once.</summary>
    private int RepeatFor(CasePlan plan) => options.Repeat ?? plan.Case.Repeat ?? 1;

    /// <summary>The candidate's runs of a case and, in a comparison, the baseline's.</summary>
    private async Task<(IReadOnlyList<Observation> Runs, BaselineRuns? Baseline)> ObserveCaseAsync(CasePlan plan, CancellationToken cancellationToken)
    {
        var repeat = RepeatFor(plan);
        if (repeat == 1 && options.Mode != RunMode.Compare && sides.CandidateResults is null)
        {
            return ([await ObserveAsync(plan, seed: null, cancellationToken).ConfigureAwait(false)], null);
        }

        var runs = sides.CandidateResults is { } recordedCandidate
            ? RecordedRuns(recordedCandidate, plan, "candidate", missingIsFailure: true)
            : await ObserveRunsAsync(plan, repeat, cancellationToken).ConfigureAwait(false);
        if (options.Mode != RunMode.Compare)
        {
            return (runs, null);
        }

        if (sides.BaselineResults is { } recordedBaseline)
        {
            var record = recordedBaseline.Find(plan.Name);
            return (runs, new BaselineRuns(record?.Provider, record?.Model, RecordedRuns(recordedBaseline, plan, "baseline", missingIsFailure: false), sides.Baseline!.ToString()));
        }

        var baselinePlan = CasePlan.Create(BaselineSuite(plan.Suite, sides.Baseline!), plan.Case);
        var baselineRuns = await ObserveRunsAsync(baselinePlan, repeat, cancellationToken).ConfigureAwait(false);
        return (runs, new BaselineRuns(baselinePlan.Suite.Target.Provider, baselinePlan.Suite.Target.Model, baselineRuns, sides.Baseline!.ToString()));
    }

    /// <summary>
    /// Sends a case's request <paramref name="repeat"/> times, one after the other. The first run sends exactly the case's
    /// request; when the target pins no seed, every further run gets a fresh random seed, so it is an independent sample even
    /// on a backend that otherwise fixes a default seed (the built-in runtime).
    /// </summary>
    private async Task<IReadOnlyList<Observation>> ObserveRunsAsync(CasePlan plan, int repeat, CancellationToken cancellationToken)
    {
        var runs = new Observation[repeat];
        for (var index = 0; index < repeat; index++)
        {
            long? seed = index > 0 && plan.Suite.Target.Seed is null ? Random.Shared.NextInt64(1, int.MaxValue) : null;
            runs[index] = await ObserveAsync(plan, seed, cancellationToken).ConfigureAwait(false);
        }

        return runs;
    }

    /// <summary>The runs of a case as a results file recorded them.</summary>
    private static List<Observation> RecordedRuns(RecordedResults results, CasePlan plan, string side, bool missingIsFailure)
    {
        if (results.Find(plan.Name) is not { } record)
        {
            return missingIsFailure
                ? [new Observation { Failure = new ProviderFailure("not-recorded", $"the {side} results file {results.Path} has no record of {plan.Name}") { Source = side } }]
                : [];
        }

        if (record.Failure is { } failure)
        {
            return [new Observation { Identity = record.Identity, Failure = new ProviderFailure("recorded-error", $"the recorded {side} run failed: {failure}") { Source = side } }];
        }

        return [.. record.Runs.Select(run => new Observation
        {
            Output = LineEndings.ToLf(run.Output),
            ToolCalls = run.ToolCalls,
            Usage = run.Usage,
            Identity = record.Identity,
        })];
    }

    private async Task<Observation> ObserveAsync(CasePlan plan, long? seed, CancellationToken cancellationToken)
    {
        var session = await SessionFor(plan.Suite, cancellationToken).ConfigureAwait(false);
        var target = plan.Suite.Target;
        if (session.Slots is { } targetSlots)
        {
            await targetSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        try
        {
            var chatOptions = ChatRequestFactory.Options(plan);
            if (seed is not null)
            {
                chatOptions.Seed = seed;
            }

            var response = await session.Client.GetResponseAsync(ChatRequestFactory.Messages(plan), chatOptions, timeout.Token).ConfigureAwait(false);
            var duration = stopwatch.Elapsed;
            var output = LoneSurrogates.Replace(SecretRedactor.RedactKnownValues(LineEndings.ToLf(response.Text)), out var replaced);
            var toolCalls = SecretRedactor.RedactKnownValues(ToolCallReader.Read(response));
            return new Observation
            {
                Output = output,
                ToolCalls = toolCalls,
                Usage = UsageOf(response, plan, output, toolCalls),
                Identity = ResponseIdentity.Of(response, session.Identity),
                FinishReason = response.FinishReason?.Value,
                Seed = seed,
                ReplacedSurrogates = replaced,
                Duration = duration,
            };
        }
        catch (InvalidDataException malformed) when (!cancellationToken.IsCancellationRequested)
        {
            return new Observation
            {
                Failure = new ProviderFailure("malformed-response", SecretRedactor.Redact(malformed.Message)),
                Identity = session.Identity,
                Seed = seed,
                Duration = stopwatch.Elapsed,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return new Observation
            {
                Failure = ProviderFailures.From(exception, timeout.IsCancellationRequested, target.Timeout),
                Identity = session.Identity,
                Seed = seed,
                Duration = stopwatch.Elapsed,
            };
        }
        finally
        {
            session.Slots?.Release();
        }
    }

    /// <summary>The provider's token counts; what it does not report is counted here and marked estimated.</summary>
    private static TokenUsage UsageOf(ChatResponse response, CasePlan plan, string output, IReadOnlyList<ToolCall> toolCalls)
    {
        var input = response.Usage?.InputTokenCount;
        var outputTokens = response.Usage?.OutputTokenCount;
        return new TokenUsage(
            input ?? TokenEstimator.CountMessages(plan.Messages),
            outputTokens ?? TokenEstimator.CountAnswer(output, toolCalls),
            Estimated: input is null || outputTokens is null);
    }
}
