using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Reporting;
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
    private readonly ComparisonSides sides;
    private readonly ComparisonCache cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<TargetSession>>> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<EquivalenceLadder>> ladders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Suite> baselineSuites = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<IDisposable> comparisonClients = [];

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
    /// <param name="sides">The sides of a compare run (live or read from results files); none otherwise.</param>
    public SuiteRunner(ProviderRegistry registry, SnapshotStore store, RunOptions options, Func<string, string?> getEnvironmentVariable, PreloadedSnapshots? preloaded, ComparisonSides? sides = null)
    {
        this.registry = registry;
        this.options = options;
        this.getEnvironmentVariable = getEnvironmentVariable;
        this.sides = sides ?? ComparisonSides.None;
        Store = store;
        cache = new ComparisonCache(options.CachePath);
        evaluator = new CaseEvaluator(store, new VariantStore(store.Root), options, preloaded);
        likelihood = new LikelihoodProbe(this);
    }

    /// <summary>The snapshot store.</summary>
    public SnapshotStore Store { get; }

    /// <summary>How many judge and embedding calls the run made and how many the cache answered.</summary>
    public ComparisonCallCounters ComparisonCalls { get; } = new();

    /// <summary>
    /// Connects to every target the plans use (the candidate's and, in a comparison, the baseline's) and to the judge and
    /// embedding models their cases compare with, and checks pinned identities, before any case runs.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">A target cannot be served or its model does not match its pin.</exception>
    public async Task PrepareAsync(IEnumerable<CasePlan> plans, CancellationToken cancellationToken)
    {
        if (options.Mode == RunMode.Replay)
        {
            return;
        }

        foreach (var plan in plans.DistinctBy(plan => plan.Suite.Id).ToList())
        {
            if (sides.Candidate is null)
            {
                await SessionFor(plan.Suite, cancellationToken).ConfigureAwait(false);
            }

            if (options.Mode == RunMode.Compare && sides.Baseline is { IsRecorded: false } baseline)
            {
                await SessionFor(BaselineSuite(plan.Suite, baseline), cancellationToken).ConfigureAwait(false);
            }

            LadderFor(plan.Suite);
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
            return await evaluator.EvaluateAsync(plan, [], null, EquivalenceLadder.Offline, cancellationToken).ConfigureAwait(false);
        }

        var observed = await ObserveAndMeasureAsync(plan, cancellationToken).ConfigureAwait(false);
        return await EvaluateAsync(plan, observed, cancellationToken).ConfigureAwait(false);
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

        foreach (var client in comparisonClients)
        {
            client.Dispose();
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
                return await Task.Run(() => evaluator.EvaluateAsync(plan, [], null, EquivalenceLadder.Offline, cancellationToken), CancellationToken.None).ConfigureAwait(false);
            }

            var observed = await ObserveAndMeasureAsync(plan, cancellationToken).ConfigureAwait(false);
            Release();
            return await EvaluateAsync(plan, observed, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Observes a case and, in a verify or update run, reads its verified snapshot and measures the likelihood drift of its
    /// answer under the candidate model (model calls, so before the case's slot is handed back).
    /// </summary>
    private async Task<ObservedCase> ObserveAndMeasureAsync(CasePlan plan, CancellationToken cancellationToken)
    {
        var (runs, baseline) = await ObserveCaseAsync(plan, cancellationToken).ConfigureAwait(false);
        if (options.Mode is not (RunMode.Verify or RunMode.Update))
        {
            return new ObservedCase(runs, baseline, null, VerifiedRead: false);
        }

        var verified = evaluator.ReadVerified(plan);
        if (runs.Count > 0)
        {
            var measured = await likelihood.MeasureAsync(plan, verified, runs[0], cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(measured, runs[0]))
            {
                runs = [measured, .. runs.Skip(1)];
            }
        }

        return new ObservedCase(runs, baseline, verified, VerifiedRead: true);
    }

    private Task<CaseResult> EvaluateAsync(CasePlan plan, ObservedCase observed, CancellationToken cancellationToken) =>
        observed.VerifiedRead
            ? evaluator.EvaluateAsync(plan, observed.Runs, observed.Baseline, LadderFor(plan.Suite), observed.Verified, cancellationToken)
            : evaluator.EvaluateAsync(plan, observed.Runs, observed.Baseline, LadderFor(plan.Suite), cancellationToken);

    /// <summary>A case's runs, its baseline side (compare mode) and its verified snapshot when it was read already.</summary>
    private sealed record ObservedCase(IReadOnlyList<Observation> Runs, BaselineRuns? Baseline, SnapshotDocument? Verified, bool VerifiedRead);

    /// <summary>How many times a case's request is sent: the run's setting, else the case's own <c>repeat</c>, else once.</summary>
    private int RepeatFor(CasePlan plan) => options.Repeat ?? plan.Case.Repeat ?? 1;

    /// <summary>The candidate's runs of a case and, in a comparison, the baseline's.</summary>
    private async Task<(IReadOnlyList<Observation> Runs, BaselineRuns? Baseline)> ObserveCaseAsync(CasePlan plan, CancellationToken cancellationToken)
    {
        var repeat = RepeatFor(plan);
        if (repeat == 1 && options.Mode != RunMode.Compare && sides.CandidateResults is null)
        {
            return ([await ObserveAsync(plan, seed: null, cancellationToken).ConfigureAwait(false)], null);
        }

        var runs = sides.CandidateResults is { } recordedCandidate
            ? RecordedRuns(recordedCandidate, plan, "candidate", missingIsFailure: true)
            : await ObserveRunsAsync(plan, repeat, cancellationToken).ConfigureAwait(false);
        if (options.Mode != RunMode.Compare)
        {
            return (runs, null);
        }

        if (sides.BaselineResults is { } recordedBaseline)
        {
            var record = recordedBaseline.Find(plan.Name);
            return (runs, new BaselineRuns(record?.Provider, record?.Model, RecordedRuns(recordedBaseline, plan, "baseline", missingIsFailure: false), sides.Baseline!.ToString()));
        }

        var baselinePlan = CasePlan.Create(BaselineSuite(plan.Suite, sides.Baseline!), plan.Case);
        var baselineRuns = await ObserveRunsAsync(baselinePlan, repeat, cancellationToken).ConfigureAwait(false);
        return (runs, new BaselineRuns(baselinePlan.Suite.Target.Provider, baselinePlan.Suite.Target.Model, baselineRuns, sides.Baseline!.ToString()));
    }

    /// <summary>
    /// Sends a case's request <paramref name="repeat"/> times, one after the other. The first run sends exactly the case's
    /// request; when the target pins no seed, every further run gets a fresh random seed, so it is an independent sample even
    /// on a backend that otherwise fixes a default seed (the built-in runtime).
    /// </summary>
    private async Task<IReadOnlyList<Observation>> ObserveRunsAsync(CasePlan plan, int repeat, CancellationToken cancellationToken)
    {
        var runs = new Observation[repeat];
        for (var index = 0; index < repeat; index++)
        {
            long? seed = index > 0 && plan.Suite.Target.Seed is null ? Random.Shared.NextInt64(1, int.MaxValue) : null;
            runs[index] = await ObserveAsync(plan, seed, cancellationToken).ConfigureAwait(false);
        }

        return runs;
    }

    /// <summary>The runs of a case as a results file recorded them.</summary>
    private static List<Observation> RecordedRuns(RecordedResults results, CasePlan plan, string side, bool missingIsFailure)
    {
        if (results.Find(plan.Name) is not { } record)
        {
            return missingIsFailure
                ? [new Observation { Failure = new ProviderFailure("not-recorded", $"the {side} results file {results.Path} has no record of {plan.Name}") { Source = side } }]
                : [];
        }

        if (record.Failure is { } failure)
        {
            return [new Observation { Identity = record.Identity, Failure = new ProviderFailure("recorded-error", $"the recorded {side} run failed: {failure}") { Source = side } }];
        }

        return [.. record.Outputs.Select(output => new Observation { Output = LineEndings.ToLf(output), Identity = record.Identity })];
    }

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

    private async Task<Observation> ObserveAsync(CasePlan plan, long? seed, CancellationToken cancellationToken)
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
            var chatOptions = ChatRequestFactory.Options(plan);
            if (seed is not null)
            {
                chatOptions.Seed = seed;
            }

            var response = await session.Client.GetResponseAsync(ChatRequestFactory.Messages(plan), chatOptions, timeout.Token).ConfigureAwait(false);
            var duration = stopwatch.Elapsed;
            var output = LoneSurrogates.Replace(LineEndings.ToLf(response.Text), out var replaced);
            var toolCalls = ToolCallReader.Read(response);
            return new Observation
            {
                Output = output,
                ToolCalls = toolCalls,
                Usage = UsageOf(response, plan, output, toolCalls),
                Identity = ResponseIdentity.Of(response, session.Identity),
                FinishReason = response.FinishReason?.Value,
                Seed = seed,
                ReplacedSurrogates = replaced,
                Duration = duration,
            };
        }
        catch (InvalidDataException malformed) when (!cancellationToken.IsCancellationRequested)
        {
            return new Observation
            {
                Failure = new ProviderFailure("malformed-response", SecretRedactor.Redact(malformed.Message)),
                Identity = session.Identity,
                Seed = seed,
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
                Seed = seed,
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
