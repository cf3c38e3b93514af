using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Snapshots;
using LlmGuard.Suites;
using LlmGuard.Text;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>
/// Executes case plans through the registered providers with bounded concurrency and a per-call timeout, and
/// streams classified results in plan order as they complete (the engine of a <see cref="RunSession"/>). Cancelling stops starting cases; results of
/// finished cases (and their files) are kept, cases cut off mid-call are not reported.
/// </summary>
internal sealed class SuiteRunner : IAsyncDisposable
{
    private readonly ProviderRegistry registry;
    private readonly RunOptions options;
    private readonly CaseEvaluator evaluator;
    private readonly LikelihoodProbe likelihood;
    private readonly Func<string, string?> getEnvironmentVariable;
    private readonly ConcurrentDictionary<string, Lazy<Task<TargetSession>>> sessions = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a cancelled run waits for cases already being evaluated to notice the cancellation. They check it in every
    /// loop, so they stop within milliseconds; only a single regular-expression match (bounded by its own timeout) cannot
    /// be interrupted. A case still running after this is abandoned: its result is not reported, and any file it writes is
    /// written whole or not at all (atomic writes).
    /// </summary>
    internal static readonly TimeSpan CancellationGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>Creates a runner whose cases take their verified snapshots from <paramref name="preloaded"/> where it has them.</summary>
    /// <param name="registry">The providers.</param>
    /// <param name="store">The snapshot store.</param>
    /// <param name="options">The run's options, every setting resolved (by a <see cref="RunSession"/>).</param>
    /// <param name="getEnvironmentVariable">The environment providers read their secrets from.</param>
    /// <param name="preloaded">The verified snapshots read before the run.</param>
    public SuiteRunner(ProviderRegistry registry, SnapshotStore store, RunOptions options, Func<string, string?> getEnvironmentVariable, PreloadedSnapshots? preloaded)
    {
        this.registry = registry;
        this.options = options;
        this.getEnvironmentVariable = getEnvironmentVariable;
        Store = store;
        evaluator = new CaseEvaluator(store, options, preloaded);
        likelihood = new LikelihoodProbe(this);
    }

    /// <summary>The snapshot store.</summary>
    public SnapshotStore Store { get; }

    /// <summary>
    /// Connects to every target the plans use and checks pinned identities, before any case runs.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">A target cannot be served or its model does not match its pin.</exception>
    public async Task PrepareAsync(IEnumerable<CasePlan> plans, CancellationToken cancellationToken)
    {
        if (options.Mode == RunMode.Replay)
        {
            return;
        }

        foreach (var suite in plans.Select(plan => plan.Suite).DistinctBy(suite => suite.Id))
        {
            await SessionFor(suite, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the plans and yields their results in plan order. When a case cannot be evaluated (a snapshot that
    /// cannot be written, a scrubber that times out), the run stops starting cases, waits for the ones in flight
    /// and rethrows.
    /// </summary>
    public async IAsyncEnumerable<CaseResult> RunAsync(IEnumerable<CasePlan> plans, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var planList = plans as IReadOnlyCollection<CasePlan> ?? plans.ToList();
        await PrepareAsync(planList, cancellationToken).ConfigureAwait(false);

        var concurrency = Math.Max(1, options.Concurrency);
        var pending = Channel.CreateBounded<Task<CaseResult?>>(new BoundedChannelOptions(concurrency * 2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(concurrency);
        var producer = Task.Run(() => StartCasesAsync(planList, pending.Writer, slots, stop.Token), CancellationToken.None);
        Task<CaseResult?>? current = null;
        try
        {
            await foreach (var task in pending.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                current = task;
                var (stopped, result) = await AwaitCaseAsync(task, cancellationToken).ConfigureAwait(false);
                if (stopped)
                {
                    yield break;
                }

                current = null;
                if (result is not null)
                {
                    yield return result;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
            var abandoned = new List<Task>();
            if (current is not null)
            {
                abandoned.Add(current);
            }

            while (pending.Reader.TryRead(out var task))
            {
                abandoned.Add(task);
            }

            var settled = Task.WhenAll(abandoned).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            if (cancellationToken.IsCancellationRequested)
            {
                await Task.WhenAny(settled, Task.Delay(CancellationGrace, CancellationToken.None)).ConfigureAwait(false);
            }
            else
            {
                await settled.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for a case's result; stops waiting (returns Stopped) as soon as the run is cancelled.</summary>
    private static async Task<(bool Stopped, CaseResult? Result)> AwaitCaseAsync(Task<CaseResult?> task, CancellationToken cancellationToken)
    {
        try
        {
            return (false, await task.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (true, null);
        }
    }

    private async Task StartCasesAsync(IEnumerable<CasePlan> plans, ChannelWriter<Task<CaseResult?>> pending, SemaphoreSlim slots, CancellationToken stop)
    {
        try
        {
            foreach (var plan in plans)
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
                var task = RunSlotAsync(plan, slots, stop);
                if (!pending.TryWrite(task))
                {
                    try
                    {
                        await pending.WriteAsync(task, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        await task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
                        throw;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            pending.Complete();
        }
    }

    /// <summary>Runs one case (the NUnit adapter runs each test this way).</summary>
    public async Task<CaseResult> RunCaseAsync(CasePlan plan, CancellationToken cancellationToken)
    {
        if (options.Mode == RunMode.Replay)
        {
            return evaluator.Evaluate(plan, observation: null, cancellationToken);
        }

        var observation = await ObserveAsync(plan, cancellationToken).ConfigureAwait(false);
        var verified = evaluator.ReadVerified(plan);
        observation = await likelihood.MeasureAsync(plan, verified, observation, cancellationToken).ConfigureAwait(false);
        return evaluator.Evaluate(plan, observation, verified, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await likelihood.DisposeAsync().ConfigureAwait(false);
        foreach (var session in sessions.Values.Where(lazy => lazy.IsValueCreated))
        {
            try
            {
                (await session.Value.ConfigureAwait(false)).Dispose();
            }
            catch (Exception exception) when (exception is ProviderConfigurationException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// Runs one case of <see cref="RunAsync"/>. A model call starts on the calling thread (no extra thread-pool hop
    /// before the request is sent) and the slot is handed back as soon as the model has answered, so the next case's
    /// call does not wait for this one's evaluation; a replayed case, which is evaluation only, runs on the pool.
    /// </summary>
    private async Task<CaseResult?> RunSlotAsync(CasePlan plan, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release();
            }
        }

        try
        {
            if (options.Mode == RunMode.Replay)
            {
                return await Task.Run(() => evaluator.Evaluate(plan, observation: null, cancellationToken), CancellationToken.None).ConfigureAwait(false);
            }

            var observation = await ObserveAsync(plan, cancellationToken).ConfigureAwait(false);
            var verified = evaluator.ReadVerified(plan);
            observation = await likelihood.MeasureAsync(plan, verified, observation, cancellationToken).ConfigureAwait(false);
            Release();
            return evaluator.Evaluate(plan, observation, verified, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            Release();
        }
    }

    private async Task<Observation> ObserveAsync(CasePlan plan, CancellationToken cancellationToken)
    {
        var session = await SessionFor(plan.Suite, cancellationToken).ConfigureAwait(false);
        var target = plan.Suite.Target;
        if (session.Slots is { } targetSlots)
        {
            await targetSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        try
        {
            var response = await session.Client.GetResponseAsync(ChatRequestFactory.Messages(plan), ChatRequestFactory.Options(plan), timeout.Token).ConfigureAwait(false);
            var duration = stopwatch.Elapsed;
            var output = SecretRedactor.RedactKnownValues(LineEndings.ToLf(response.Text));
            var toolCalls = ToolCallReader.Read(response);
            return new Observation
            {
                Output = output,
                ToolCalls = toolCalls,
                Usage = UsageOf(response, plan, output, toolCalls),
                Identity = ResponseIdentity.Of(response, session.Identity),
                FinishReason = response.FinishReason?.Value,
                Duration = duration,
            };
        }
        catch (InvalidDataException malformed) when (!cancellationToken.IsCancellationRequested)
        {
            return new Observation
            {
                Failure = new ProviderFailure("malformed-response", SecretRedactor.Redact(malformed.Message)),
                Identity = session.Identity,
                Duration = stopwatch.Elapsed,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return new Observation
            {
                Failure = ProviderFailures.From(exception, timeout.IsCancellationRequested, target.Timeout),
                Identity = session.Identity,
                Duration = stopwatch.Elapsed,
            };
        }
        finally
        {
            session.Slots?.Release();
        }
    }

    /// <summary>The provider's token counts; what it does not report is counted here and marked estimated.</summary>
    private static TokenUsage UsageOf(ChatResponse response, CasePlan plan, string output, IReadOnlyList<ToolCall> toolCalls)
    {
        var input = response.Usage?.InputTokenCount;
        var outputTokens = response.Usage?.OutputTokenCount;
        return new TokenUsage(
            input ?? TokenEstimator.CountMessages(plan.Messages),
            outputTokens ?? TokenEstimator.CountAnswer(output, toolCalls),
            Estimated: input is null || outputTokens is null);
    }

    /// <summary>The connected client of a suite's target (connecting on first use).</summary>
    internal async Task<IChatClient> ClientFor(Suite suite, CancellationToken cancellationToken) =>
        (await SessionFor(suite, cancellationToken).ConfigureAwait(false)).Client;

    /// <summary>A client for another target (the baseline model of a candidate run), created by the same registry and environment.</summary>
    internal IChatClient CreateClient(Suite suite, TargetDefinition target) =>
        registry.CreateClient(target, new ProviderContext(Path.GetDirectoryName(suite.FilePath)!, getEnvironmentVariable));

    private Task<TargetSession> SessionFor(Suite suite, CancellationToken cancellationToken) =>
        sessions.GetOrAdd(suite.Id, _ => new Lazy<Task<TargetSession>>(() => OpenSessionAsync(suite, cancellationToken))).Value;

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
