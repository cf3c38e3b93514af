namespace LlmGuard.Local;

/// <summary>Where <see cref="DemoModels.EnsureCreated"/> put the two demo models.</summary>
/// <param name="BasePath">The base model.</param>
/// <param name="FineTunedPath">The "fine-tuned" model: the base weights nudged by a small seeded amount.</param>
internal sealed record DemoModelPaths(string BasePath, string FineTunedPath);
