using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Suites;
using LlmGuard.Text;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>The connected targets of the run and the equivalence ladders with their judge and embedding clients, one per suite.</summary>
internal sealed partial class SuiteRunner
{
    /// <summary>The suite as the baseline side of a live comparison runs it: its target with the baseline's model (and provider), no pins.</summary>
    private Suite BaselineSuite(Suite suite, ComparisonSide baseline) => baselineSuites.GetOrAdd(suite.Id, _ => suite with
    {
        Target = suite.Target with
        {
            Provider = baseline.Provider ?? suite.Target.Provider,
            Model = baseline.Model!,
            PinnedDigest = null,
            PinnedResolvedModel = null,
        },
    });

    /// <summary>
    /// The suite's equivalence ladder, with the judge and embedding clients its selected cases need (created once; a
    /// provider that cannot serve them stops the run before any case).
    /// </summary>
    /// <exception cref="ProviderConfigurationException">The judge or embedding model cannot be served.</exception>
    private EquivalenceLadder LadderFor(Suite suite) =>
        ladders.TryGetValue(suite.Id, out var known) ? known.Value : ladders.GetOrAdd(suite.Id, _ => new Lazy<EquivalenceLadder>(() => CreateLadder(suite))).Value;

    private EquivalenceLadder CreateLadder(Suite suite)
    {
        var context = new ProviderContext(Path.GetDirectoryName(suite.FilePath)!, getEnvironmentVariable);
        (IChatClient, TargetDefinition)? judge = null;
        (IEmbeddingGenerator<string, Embedding<float>>, TargetDefinition)? embeddings = null;
        if (suite.Judge is { } judgeTarget && suite.Cases.Any(suiteCase => suiteCase.Compare.Judge is not null))
        {
            var client = Connect(() => registry.CreateClient(judgeTarget, context), suite, "judge");
            comparisonClients.Add(client);
            judge = (client, judgeTarget);
        }

        if (suite.Embedding is { } embeddingTarget && suite.Cases.Any(suiteCase => suiteCase.Compare.Embedding is not null))
        {
            var generator = Connect(() => registry.CreateEmbeddingGenerator(embeddingTarget, context), suite, "embedding");
            comparisonClients.Add(generator);
            embeddings = (generator, embeddingTarget);
        }

        return new EquivalenceLadder(new ComparisonModels(judge, embeddings, cache, ComparisonCalls));
    }

    private static T Connect<T>(Func<T> create, Suite suite, string role)
    {
        try
        {
            return create();
        }
        catch (ProviderConfigurationException exception)
        {
            throw new ProviderConfigurationException($"Suite '{suite.Id}': the {role} model cannot be used: {exception.Message}", exception);
        }
    }

    /// <summary>The connected client of a suite's target (connecting on first use).</summary>
    internal async Task<IChatClient> ClientFor(Suite suite, CancellationToken cancellationToken) =>
        (await SessionFor(suite, cancellationToken).ConfigureAwait(false)).Client;

    /// <summary>A client for another target (the baseline model of a candidate run), created by the same registry and environment.</summary>
    internal IChatClient CreateClient(Suite suite, TargetDefinition target) =>
        registry.CreateClient(target, new ProviderContext(Path.GetDirectoryName(suite.FilePath)!, getEnvironmentVariable));

    private Task<TargetSession> SessionFor(Suite suite, CancellationToken cancellationToken) =>
        sessions.GetOrAdd($"{suite.Id}\n{suite.Target.Provider}\n{suite.Target.Model}", _ => new Lazy<Task<TargetSession>>(() => OpenSessionAsync(suite, cancellationToken))).Value;

    private async Task<TargetSession> OpenSessionAsync(Suite suite, CancellationToken cancellationToken)
    {
        var target = suite.Target;
        var client = registry.CreateClient(target, new ProviderContext(Path.GetDirectoryName(suite.FilePath)!, getEnvironmentVariable));
        var identity = ModelIdentity.Unknown;
        if (client.GetService(typeof(IModelIdentitySource)) is IModelIdentitySource source)
        {
            try
            {
                identity = await source.ResolveIdentityAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not ProviderConfigurationException)
            {
                client.Dispose();
                throw new ProviderConfigurationException(
                    $"Suite '{suite.Id}': cannot resolve the identity of model '{OutsideText.Escape(target.Model)}' ({target.Provider}): {OutsideText.Escape(SecretRedactor.Redact(exception.Message))}", exception);
            }
        }

        if (target.PinnedDigest is { } digest && !string.Equals(identity.Digest, digest, StringComparison.OrdinalIgnoreCase))
        {
            client.Dispose();
            throw new ProviderConfigurationException(
                $"Suite '{suite.Id}': the model '{OutsideText.Escape(target.Model)}' has digest {OutsideText.Escape(identity.Digest ?? "(not reported)")}, but the suite pins {OutsideText.Escape(digest)}. No case was run. Re-pin with 'llmguard pin' if the new model is intended.");
        }

        if (target.PinnedResolvedModel is { } resolved && identity.ResolvedModelId is { } actual && actual != resolved)
        {
            client.Dispose();
            throw new ProviderConfigurationException(
                $"Suite '{suite.Id}': the model '{OutsideText.Escape(target.Model)}' resolves to {OutsideText.Escape(actual)}, but the suite pins {OutsideText.Escape(resolved)}. No case was run.");
        }

        return new TargetSession(client, identity, target.Concurrency is { } limit ? new SemaphoreSlim(limit) : null);
    }

    private sealed record TargetSession(IChatClient Client, ModelIdentity Identity, SemaphoreSlim? Slots) : IDisposable
    {
        public void Dispose()
        {
            Client.Dispose();
            Slots?.Dispose();
        }
    }
}
