namespace LlmGuard.Execution;

/// <summary>
/// A run cannot go on because of its input or its files, not because of a model: a verified snapshot that
/// cannot be read, a snapshot folder that cannot be written, a scrubber that never finishes. Front ends report
/// the message (it names the file) and exit with code 2.
/// </summary>
public sealed class RunInputException(string message, Exception? innerException = null) : Exception(message, innerException);
