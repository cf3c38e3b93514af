namespace LlmGuard.Local;

/// <summary>Where <see cref="DemoModels.EnsureCreated"/> put the two demo models.</summary>
/// <param name="BasePath">The base model.</param>
/// <param name="FineTunedPath">The fine-tune: a LoRA adapter (llama.cpp's GGUF adapter format) for the base model.</param>
internal sealed record DemoModelPaths(string BasePath, string FineTunedPath);
