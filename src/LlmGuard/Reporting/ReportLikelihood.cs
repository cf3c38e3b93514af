namespace LlmGuard.Reporting;

/// <summary>The likelihood of the baseline answer under the baseline and the candidate model (natural log, per token).</summary>
internal sealed record ReportLikelihood
{
    /// <summary>How many tokens of the baseline answer were scored.</summary>
    public required int Tokens { get; init; }

    /// <summary>The mean log-probability under the baseline model.</summary>
    public required double BaselineMeanLogProbability { get; init; }

    /// <summary>The mean log-probability under the candidate model.</summary>
    public required double CandidateMeanLogProbability { get; init; }

    /// <summary>Candidate minus baseline, nats per token.</summary>
    public required double Shift { get; init; }

    /// <summary>The mean KL(baseline ‖ candidate) of the next-token distributions, where both are known.</summary>
    public double? MeanKlDivergence { get; init; }

    /// <summary><c>teacher-forced</c> or <c>answer-logprobs</c>.</summary>
    public required string Method { get; init; }
}
