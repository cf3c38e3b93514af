namespace LlmGuard.Execution;

/// <summary>The log-probabilities (natural log) of an answer's tokens under a model, as an <see cref="IAnswerScorer"/> computed them.</summary>
public sealed record AnswerScore
{
    /// <summary>The <see cref="Method"/> of a scorer that feeds the answer to the model token by token.</summary>
    public const string TeacherForced = "teacher-forced";

    /// <summary>The <see cref="Method"/> of a scorer that reads the log-probabilities a server reported for generating the answer.</summary>
    public const string AnswerLogProbabilities = "answer-logprobs";

    /// <summary>The log-probability of each token of the answer given the prompt and the tokens before it.</summary>
    public required IReadOnlyList<double> TokenLogProbabilities { get; init; }

    /// <summary>
    /// The same under the reference model passed to <see cref="IAnswerScorer.ScoreAsync"/>, when this scorer computed it
    /// (both models share a vocabulary); null otherwise.
    /// </summary>
    public IReadOnlyList<double>? ReferenceTokenLogProbabilities { get; init; }

    /// <summary>The mean over the answer's positions of KL(reference ‖ this model) between the next-token distributions, in nats; null without a compatible reference.</summary>
    public double? MeanKlDivergence { get; init; }

    /// <summary>How the log-probabilities were obtained: <c>teacher-forced</c> or <c>answer-logprobs</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The mean log-probability per token (0 for an empty answer).</summary>
    public double MeanLogProbability => TokenLogProbabilities.Count == 0 ? 0 : TokenLogProbabilities.Average();
}
