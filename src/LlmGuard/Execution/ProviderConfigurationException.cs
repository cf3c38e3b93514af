namespace LlmGuard.Execution;

/// <summary>A target cannot be served: a missing key variable, an unreachable model file, a pinned identity that does not match.</summary>
public sealed class ProviderConfigurationException(string message, Exception? innerException = null) : Exception(message, innerException);
