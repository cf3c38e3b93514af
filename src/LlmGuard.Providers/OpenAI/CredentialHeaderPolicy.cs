using System.ClientModel.Primitives;

namespace LlmGuard.Providers.OpenAI;

/// <summary>
/// Runs last before the transport and puts the key where the service expects it: Azure reads an <c>api-key</c>
/// header instead of <c>Authorization: Bearer</c>, and a keyless OpenAI-compatible server gets no credentials at all.
/// </summary>
internal sealed class CredentialHeaderPolicy(string? azureKey) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Apply(PipelineMessage message)
    {
        message.Request.Headers.Remove("Authorization");
        if (azureKey is not null)
        {
            message.Request.Headers.Set("api-key", azureKey);
        }
    }
}
