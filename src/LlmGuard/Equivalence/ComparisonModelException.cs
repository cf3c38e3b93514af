using LlmGuard.Results;

namespace LlmGuard.Equivalence;

/// <summary>
/// A judge or embedding model could not answer: the case is a provider error (fail closed), never equivalent. Carries either
/// a failure already classified here (a judge answer that is not a verdict) or what the client threw, which the runner
/// classifies like any provider failure.
/// </summary>
internal sealed class ComparisonModelException : Exception
{
    public ComparisonModelException(string source, ProviderFailure failure)
        : base(failure.Message)
    {
        Source = source;
        Failure = failure with { Source = source };
    }

    public ComparisonModelException(string source, Exception innerException, bool timedOut, TimeSpan timeout)
        : base(innerException.Message, innerException)
    {
        Source = source;
        TimedOut = timedOut;
        Timeout = timeout;
    }

    /// <summary><c>judge</c> or <c>embedding</c>.</summary>
    public new string Source { get; }

    /// <summary>The failure, when it was classified where it happened.</summary>
    public ProviderFailure? Failure { get; }

    /// <summary>True when the model's timeout fired.</summary>
    public bool TimedOut { get; }

    /// <summary>The model's timeout.</summary>
    public TimeSpan Timeout { get; }
}
