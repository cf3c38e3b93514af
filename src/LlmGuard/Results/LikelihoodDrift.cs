namespace LlmGuard.Results;

/// <summary>
/// How likely the baseline answer (the verified snapshot) is under the baseline model and under the candidate model:
/// the mean log-probability of its tokens given the prompt (natural log, per token). A fine-tune often moves what a
/// model prefers before its greedy answer changes; this shows that move on cases whose text did not change.
/// </summary>
public sealed record LikelihoodDrift
{
    /// <summary>How many tokens of the baseline answer were scored.</summary>
    public required int Tokens { get; init; }

    /// <summary>The mean log-probability of the baseline answer under the baseline model.</summary>
    public required double BaselineMeanLogProbability { get; init; }

    /// <summary>The mean log-probability of the baseline answer under the candidate model.</summary>
    public required double CandidateMeanLogProbability { get; init; }

    /// <summary>
    /// The mean Kullback–Leibler divergence KL(baseline ‖ candidate) of the two models' next-token distributions at each
    /// position of the baseline answer, in nats; only where both distributions are known (the built-in local runtime).
    /// </summary>
    public double? MeanKlDivergence { get; init; }

    /// <summary>
    /// How the log-probabilities were obtained: <c>teacher-forced</c> (the answer fed to the model token by token) or
    /// <c>answer-logprobs</c> (the log-probabilities a server reported for generating exactly this answer).
    /// </summary>
    public required string Method { get; init; }

    /// <summary>Candidate minus baseline: negative when the candidate finds the baseline answer less likely.</summary>
    public double Shift => CandidateMeanLogProbability - BaselineMeanLogProbability;
}
