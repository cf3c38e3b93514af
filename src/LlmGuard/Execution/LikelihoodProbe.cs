using System.Collections.Concurrent;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>
/// Measures likelihood drift in candidate runs: when a case's snapshot was recorded with another model than the one
/// the run asks (<c>--model</c>, or an edited suite), and both models can score an answer (<see cref="IAnswerScorer"/>),
/// the recorded answer is scored under the baseline model and under the candidate. Scorers that feed any answer
/// (the built-in runtime) are always used; those that must generate the answer to report its log-probabilities
/// (servers) cost two model calls per case, so they are used only when the suite's gate sets <c>max_likelihood_shift</c>.
/// Answers with tool calls are not scored. A baseline model that cannot be loaded leaves the case without a measure.
/// </summary>
internal sealed class LikelihoodProbe(SuiteRunner runner) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Suite, string Provider, string Model), Lazy<IChatClient?>> baselines = new();

    /// <summary>The observation with its likelihood drift, when it can be measured; else unchanged.</summary>
    public async Task<Observation> MeasureAsync(CasePlan plan, SnapshotDocument? verified, Observation observation, CancellationToken cancellationToken)
    {
        var target = plan.Suite.Target;
        if (observation.Failure is not null || verified is not { Model: { } baselineModel, ToolCalls.Count: 0, Output.Length: > 0 })
        {
            return observation;
        }

        var baselineProvider = verified.Provider ?? target.Provider;
        if (baselineProvider == target.Provider && baselineModel == target.Model)
        {
            return observation;
        }

        var candidate = (await runner.ClientFor(plan.Suite, cancellationToken).ConfigureAwait(false)).GetService(typeof(IAnswerScorer)) as IAnswerScorer;
        if (candidate is null || (!candidate.ScoresAnyAnswer && plan.Suite.Gate.MaxLikelihoodShift is null))
        {
            return observation;
        }

        var baselineClient = baselines.GetOrAdd((plan.Suite.Id, baselineProvider, baselineModel), key => new Lazy<IChatClient?>(() => Connect(plan.Suite, key.Provider, key.Model))).Value;
        if (baselineClient?.GetService(typeof(IAnswerScorer)) is not IAnswerScorer baseline)
        {
            return observation;
        }

        var messages = ChatRequestFactory.Messages(plan);
        var options = ChatRequestFactory.Options(plan);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout * 2);
        try
        {
            var candidateScore = await candidate.ScoreAsync(messages, options, verified.Output, baseline, timeout.Token).ConfigureAwait(false);
            if (candidateScore is null)
            {
                return observation;
            }

            IReadOnlyList<double>? baselineLogProbabilities = candidateScore.ReferenceTokenLogProbabilities;
            if (baselineLogProbabilities is null)
            {
                var baselineOptions = options.Clone();
                baselineOptions.ModelId = baselineModel;
                baselineLogProbabilities = (await baseline.ScoreAsync(messages, baselineOptions, verified.Output, null, timeout.Token).ConfigureAwait(false))?.TokenLogProbabilities;
            }

            if (baselineLogProbabilities is null || baselineLogProbabilities.Count != candidateScore.TokenLogProbabilities.Count || baselineLogProbabilities.Count == 0)
            {
                return observation;
            }

            return observation with
            {
                Likelihood = new LikelihoodDrift
                {
                    Tokens = baselineLogProbabilities.Count,
                    BaselineMeanLogProbability = baselineLogProbabilities.Average(),
                    CandidateMeanLogProbability = candidateScore.MeanLogProbability,
                    MeanKlDivergence = candidateScore.MeanKlDivergence,
                    Method = candidateScore.Method,
                },
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Scoring is a measurement on top of the case; a model that cannot score leaves it unmeasured.
            return observation;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var baseline in baselines.Values.Where(lazy => lazy.IsValueCreated))
        {
            baseline.Value?.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private IChatClient? Connect(Suite suite, string provider, string model)
    {
        try
        {
            return runner.CreateClient(suite, suite.Target with { Provider = provider, Model = model, PinnedDigest = null, PinnedResolvedModel = null });
        }
        catch (Exception exception) when (exception is ProviderConfigurationException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
