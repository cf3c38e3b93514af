using System.Text;
using LlmGuard.Execution;
using LlmGuard.IO;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Providers.Pinning;

/// <summary>
/// Resolves the identity of each suite's model now and pins it in the suite file (<c>llmguard pin</c>), so later
/// runs stop before any case when the model behind the name changes. Providers that report an identity up front
/// (Ollama's digest) cost no model call; for hosted APIs, which name the resolved model only in an answer, the
/// suite's first case is sent once.
/// </summary>
/// <param name="registry">The providers.</param>
/// <param name="getEnvironmentVariable">The environment (keys); the process environment when null.</param>
internal sealed class IdentityPinner(ProviderRegistry registry, Func<string, string?>? getEnvironmentVariable = null)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Resolves the current identity of a suite's model, ignoring any pin it has.</summary>
    /// <exception cref="ProviderConfigurationException">The target cannot be served or the model does not answer.</exception>
    public async Task<ModelIdentity> ResolveAsync(Suite suite, CancellationToken cancellationToken)
    {
        var unpinned = suite with { Target = suite.Target with { PinnedDigest = null, PinnedResolvedModel = null } };
        var context = new ProviderContext(Path.GetDirectoryName(suite.FilePath)!, getEnvironmentVariable ?? Environment.GetEnvironmentVariable);
        using var client = registry.CreateClient(unpinned.Target, context);
        var identity = ModelIdentity.Unknown;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(unpinned.Target.Timeout);
        try
        {
            if (client.GetService(typeof(IModelIdentitySource)) is IModelIdentitySource source)
            {
                identity = await source.ResolveIdentityAsync(timeout.Token).ConfigureAwait(false);
            }

            if (identity.ResolvedModelId is null && unpinned.Cases.Count > 0)
            {
                var plan = CasePlan.Create(unpinned, unpinned.Cases[0]);
                var response = await client.GetResponseAsync(ChatRequestFactory.Messages(plan), ChatRequestFactory.Options(plan), timeout.Token).ConfigureAwait(false);
                identity = ResponseIdentity.Of(response, identity);
            }
        }
        catch (Exception exception) when (exception is not ProviderConfigurationException && !cancellationToken.IsCancellationRequested)
        {
            var failure = ProviderFailures.From(exception, timeout.IsCancellationRequested, unpinned.Target.Timeout);
            throw new ProviderConfigurationException(
                $"Suite '{suite.Id}': cannot resolve the identity of model '{OutsideText.Escape(suite.Target.Model)}' ({OutsideText.Escape(suite.Target.Provider)}): {failure.Kind}: {failure.Message}", exception);
        }

        return identity;
    }

    /// <summary>Resolves a suite's model identity and writes it as the target's pin, leaving the rest of the file byte for byte.</summary>
    /// <exception cref="ProviderConfigurationException">The target cannot be served or the model does not answer.</exception>
    public async Task<PinResult> PinAsync(Suite suite, CancellationToken cancellationToken)
    {
        var identity = await ResolveAsync(suite, cancellationToken).ConfigureAwait(false);
        var result = new PinResult(suite.Id, suite.FilePath, identity, suite.Target.PinnedDigest, suite.Target.PinnedResolvedModel, FileChanged: false);
        if (!result.HasIdentity || (identity.Digest == suite.Target.PinnedDigest && identity.ResolvedModelId == suite.Target.PinnedResolvedModel))
        {
            return result;
        }

        var bytes = await File.ReadAllBytesAsync(suite.FilePath, cancellationToken).ConfigureAwait(false);
        var hasBom = bytes.AsSpan().StartsWith(Utf8.Preamble);
        var text = Utf8.GetString(hasBom ? bytes[Utf8.Preamble.Length..] : bytes);
        var updated = SuitePinEditor.SetPin(text, identity.Digest, identity.ResolvedModelId);
        if (updated == text)
        {
            return result;
        }

        AtomicFile.WriteAllBytes(suite.FilePath, [.. hasBom ? Utf8.Preamble : [], .. Utf8.GetBytes(updated)]);
        return result with { FileChanged = true };
    }

    /// <summary>Pins every suite, one after the other.</summary>
    public async Task<IReadOnlyList<PinResult>> PinAllAsync(IEnumerable<Suite> suites, CancellationToken cancellationToken)
    {
        var results = new List<PinResult>();
        foreach (var suite in suites)
        {
            results.Add(await PinAsync(suite, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }
}
