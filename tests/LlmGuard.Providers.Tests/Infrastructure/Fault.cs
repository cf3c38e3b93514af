namespace LlmGuard.Providers.Tests.Infrastructure;

/// <summary>What the loopback server does instead of answering.</summary>
internal enum Fault
{
    None,
    TooManyRequests,
    InternalError,
    Unavailable,
    Slow,
    ConnectionReset,
    MalformedJson,
    HtmlErrorPage,
    Unauthorized,
}
