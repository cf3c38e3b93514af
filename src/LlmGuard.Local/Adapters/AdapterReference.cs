namespace LlmGuard.Local.Adapters;

/// <summary>An adapter file to apply on top of a base model, with the user's scale.</summary>
internal sealed record AdapterReference(string Path, float Scale);
