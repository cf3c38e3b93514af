using YamlDotNet.Core;

namespace LlmGuard.Loading;

/// <summary>A structural problem <see cref="StructureCheckingParser"/> refuses, at its place in the file.</summary>
internal sealed class YamlStructureViolation(Mark start, string message) : Exception(message)
{
    public Mark Start { get; } = start;
}
