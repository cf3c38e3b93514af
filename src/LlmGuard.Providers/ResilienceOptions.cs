namespace LlmGuard.Providers;

/// <summary>
/// How the built-in providers retry: on 429 (waiting as long as <c>Retry-After</c> or <c>retry-after-ms</c> asks),
/// on 408 and 5xx answers and on network errors, with exponential backoff and jitter otherwise. Every attempt,
/// retries included, runs within the target's <c>timeout</c>. The SDKs' own retries are switched off, so this
/// is the only layer that retries.
/// </summary>
public sealed record ResilienceOptions
{
    /// <summary>How many times a failed call is retried (so at most this plus one attempts).</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>The first backoff delay; it doubles with each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a server's <c>Retry-After</c> may ask for; a longer one ends the retries with the 429.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether backoff delays are randomized (on by default, so parallel clients do not retry in step); off, they are exactly <see cref="BaseDelay"/> × 2ⁿ.</summary>
    public bool UseJitter { get; init; } = true;

    /// <summary>The clock for retry delays and for spacing calls under <c>requests_per_minute</c> (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The defaults.</summary>
    public static ResilienceOptions Default { get; } = new();
}
