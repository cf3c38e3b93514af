using System.Globalization;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Suites;
using LlmGuard.Text;
using Microsoft.Extensions.AI;

namespace LlmGuard.Equivalence;

/// <summary>
/// The judge step: the suite's judge model (temperature 0) is asked <c>votes</c> times whether the two outputs are equivalent
/// on the case's criterion, the answers' order alternating; a strict majority of "equivalent" votes decides equivalent,
/// anything else (a tie included) different. Every answer is cached by its request's fingerprint and vote number, so a re-run
/// costs nothing. A call that fails, times out, or answers with something that is not a verdict is a provider error of the
/// judge, never a pass.
/// </summary>
internal sealed class JudgeRung(ComparisonModels models) : ILadderRung
{
    public const string Source = "judge";

    public bool AppliesTo(LadderInput input) => input.Case.Compare.Judge is not null;

    public async ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken)
    {
        var definition = input.Case.Compare.Judge!;
        if (models.Judge is not { } judge)
        {
            throw new ComparisonModelException(Source, new ProviderFailure("error", "the suite declares no 'judge' model"));
        }

        var votes = new List<JudgeVote>(definition.Votes);
        string? resolvedModel = null;
        for (var vote = 0; vote < definition.Votes; vote++)
        {
            var messages = JudgePrompt.Messages(definition.Criterion, input.Request, input.Baseline, input.Candidate, vote);
            var key = ComparisonCache.Hash(RequestFingerprint.Compute(judge.Target, messages) + "\nvote " + vote.ToString(CultureInfo.InvariantCulture));
            var cached = models.Cache.TryGetJudgeAnswer(key, out var answer);
            if (!cached)
            {
                answer = await AskAsync(judge.Client, judge.Target, messages, cancellationToken).ConfigureAwait(false);
            }

            models.Counters.CountJudge(cached);
            if (JudgeAnswer.Parse(answer.Text) is not { } verdict)
            {
                throw new ComparisonModelException(Source, new ProviderFailure("malformed-response",
                    $"the judge's answer is not a verdict (expected {{\"equivalent\": true|false, \"reason\": …}}): {Excerpt.Of(answer.Text)}"));
            }

            if (!cached)
            {
                models.Cache.AddJudgeAnswer(key, answer);
            }

            resolvedModel ??= answer.ResolvedModel;
            votes.Add(new JudgeVote(verdict.Equivalent, SecretRedactor.RedactKnownValues(verdict.Reason), cached));
        }

        var yes = votes.Count(vote => vote.Equivalent);
        var equivalent = yes * 2 > votes.Count;
        var reason = votes.FirstOrDefault(vote => vote.Equivalent == equivalent)?.Reason;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{yes} of {votes.Count} vote{(votes.Count == 1 ? "" : "s")} equivalent on \"{Excerpt.Of(definition.Criterion)}\"{(string.IsNullOrEmpty(reason) ? "" : $": {reason}")}");
        return new LadderFinding(LadderStep.Judge, equivalent ? LadderVerdict.Equivalent : LadderVerdict.Different, detail)
        {
            Score = (double)yes / votes.Count,
            Threshold = 0.5,
            Model = ComparisonModels.Identity(judge.Target, resolvedModel),
            Votes = votes,
            Calls = votes.Count,
            CachedCalls = votes.Count(vote => vote.Cached),
        };
    }

    private static async Task<CachedJudgeAnswer> AskAsync(IChatClient client, TargetDefinition target, IReadOnlyList<ChatMessageDefinition> messages, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            ModelId = target.Model,
            Temperature = 0,
            Seed = target.Seed,
            MaxOutputTokens = target.MaxOutputTokens,
        };
        if (target.Options.Count > 0)
        {
            options.AdditionalProperties = [];
            foreach (var (name, value) in target.Options)
            {
                options.AdditionalProperties[name] = value;
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        try
        {
            var response = await client.GetResponseAsync([.. messages.Select(message => new ChatMessage(new ChatRole(message.Role), message.Content))], options, timeout.Token).ConfigureAwait(false);
            return new CachedJudgeAnswer(response.Text, response.ModelId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            throw new ComparisonModelException(Source, exception, timeout.IsCancellationRequested, target.Timeout);
        }
    }
}
