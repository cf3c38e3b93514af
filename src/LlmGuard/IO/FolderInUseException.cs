namespace LlmGuard.IO;

/// <summary>Another process (or another run in this one) holds a folder's <see cref="FolderLock"/>; the message names its process id.</summary>
internal sealed class FolderInUseException(string message) : IOException(message);
