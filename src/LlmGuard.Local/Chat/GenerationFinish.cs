namespace LlmGuard.Local.Chat;

/// <summary>Why generation ended: end-of-sequence or a stop string (Stop), or the token limit (Length).</summary>
internal enum GenerationFinish
{
    Stop,
    Length,
}
