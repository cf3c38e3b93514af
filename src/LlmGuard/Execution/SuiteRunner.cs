using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Execution;

/// <summary>
/// Executes case plans through the registered providers with bounded concurrency and a per-call timeout, and
/// streams classified results in plan order as they complete (the engine of a <see cref="RunSession"/>). Cancelling stops starting cases; results of
/// finished cases (and their files) are kept, cases cut off mid-call are not reported.
/// </summary>
internal sealed partial class SuiteRunner : IAsyncDisposable
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
}
