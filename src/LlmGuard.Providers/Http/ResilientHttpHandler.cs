using System.Threading.RateLimiting;
using LlmGuard.Results;
using Polly;
using Polly.Retry;

namespace LlmGuard.Providers.Http;

/// <summary>
/// The one layer that retries: every HTTP request of a target goes through a Polly pipeline (retry outside, an
/// optional requests-per-minute limiter inside, so each attempt takes a permit). An answer that is still unsuccessful
/// after the retries becomes an <see cref="HttpRequestException"/> carrying the classified <see cref="ProviderFailure"/>,
/// whatever SDK sits above.
/// </summary>
internal sealed class ResilientHttpHandler : DelegatingHandler
{
    private const int MaxBodyCharacters = 16_384;
    private static readonly ResiliencePropertyKey<long> StartedAt = new("llmguard.started-at");

    private readonly ProviderCallContext call;
    private readonly ResilienceOptions options;
    private readonly RateLimiter? limiter;
    private readonly ITimer? replenisher;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public ResilientHttpHandler(ProviderCallContext call, ResilienceOptions options, int? requestsPerMinute, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        this.call = call;
        this.options = options;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay > options.MaxRetryAfter ? options.MaxDelay : options.MaxRetryAfter,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldHandle = arguments => ValueTask.FromResult(ShouldRetry(arguments.Outcome, arguments.Context)),
                DelayGenerator = arguments => ValueTask.FromResult(
                    arguments.Outcome.Result is { } response ? RetryAfter.Of(response, options.TimeProvider.GetUtcNow()) : null),
            });
        }

        if (requestsPerMinute is { } perMinute)
        {
            // Replenished by a timer of the configured clock (the limiter's own timer ignores TimeProvider).
            var period = TimeSpan.FromMinutes(1) / perMinute;
            var bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = period,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = false,
            });
            limiter = bucket;
            replenisher = options.TimeProvider.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), bucket, period, period);
            builder.AddRateLimiter(limiter);
        }

        pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Retries send the same message again, so its body must be replayable.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedAt, options.TimeProvider.GetTimestamp());
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                static (context, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, context.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (response.IsSuccessStatusCode)
        {
            return await CheckedAnswerAsync(request, response, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var failure = HttpFailureDescriber.Describe(response.StatusCode, body.Length > MaxBodyCharacters ? body[..MaxBodyCharacters] : body, call);
            var exception = new HttpRequestException(failure.Message, inner: null, response.StatusCode);
            exception.Data[ProviderFailure.DataKey] = failure;
            throw exception;
        }
    }

    /// <summary>
    /// A chat answer that is not streamed is read whole and checked (<see cref="AnswerShape"/>) before the SDK parses it; a
    /// malformed one becomes an <see cref="HttpRequestException"/> carrying a <c>malformed-response</c> failure.
    /// </summary>
    private async Task<HttpResponseMessage> CheckedAnswerAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var ollama = path.EndsWith("/api/chat", StringComparison.Ordinal);
        if ((!ollama && !path.EndsWith("/chat/completions", StringComparison.Ordinal))
            || response.Content.Headers.ContentType?.MediaType is not "application/json")
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (AnswerShape.Problem(body, ollama) is not { } problem)
        {
            return response;
        }

        response.Dispose();
        var exception = new HttpRequestException($"The answer from {call.Provider} is malformed: {problem}.");
        exception.Data[ProviderFailure.DataKey] = new ProviderFailure("malformed-response", call.Redact($"the answer from {call.Provider} is malformed: {problem}"));
        throw exception;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            replenisher?.Dispose();
            limiter?.Dispose();
        }

        base.Dispose(disposing);
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or IOException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status is not (408 or 429) && (status < 500 || status is 501 or 505))
        {
            return false;
        }

        if (RetryAfter.Of(response, options.TimeProvider.GetUtcNow()) is { } wait)
        {
            var elapsed = options.TimeProvider.GetElapsedTime(context.Properties.GetValue(StartedAt, options.TimeProvider.GetTimestamp()));
            return wait <= options.MaxRetryAfter && elapsed + wait < call.Timeout;
        }

        return true;
    }
}
