namespace LlmGuard.Loopback;

/// <summary>What the loopback server does instead of answering (public: NUnit test cases take it as a parameter).</summary>
public enum Fault
{
    None,
    TooManyRequests,
    TooManyRequestsWithMilliseconds,
    InternalError,
    Unavailable,
    Slow,
    ConnectionReset,
    MalformedJson,
    HtmlErrorPage,
    Unauthorized,
    EmptyChoices,
    MissingMessage,
    LoneSurrogate,
    InvalidUtf8,
}
