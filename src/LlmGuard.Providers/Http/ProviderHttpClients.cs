namespace LlmGuard.Providers.Http;

/// <summary>Creates the HTTP client of one target: connection pooling, no client-side timeout (the runner's per-call timeout governs), and the retry layer.</summary>
internal static class ProviderHttpClients
{
    public static HttpClient Create(ProviderCallContext call, ResilienceOptions options, int? requestsPerMinute, Uri? baseAddress = null)
    {
        var transport = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        return new HttpClient(new ResilientHttpHandler(call, options, requestsPerMinute, transport), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            BaseAddress = baseAddress,
        };
    }
}
