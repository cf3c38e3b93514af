namespace LlmGuard.Reporting;

/// <summary>The provider and model a suite ran against, without secrets (an endpoint loses its user info and query).</summary>
internal sealed record ReportTarget
{
    /// <summary>The provider name.</summary>
    public required string Provider { get; init; }

    /// <summary>The requested model (the candidate model when one replaced the suite's own).</summary>
    public required string Model { get; init; }

    /// <summary>The endpoint; null for the provider's default.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The Azure OpenAI deployment.</summary>
    public string? Deployment { get; init; }

    /// <summary>The name (never the value) of the environment variable holding the key, when the suite names one.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>The sampling parameters sent with every case, by their suite names.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
