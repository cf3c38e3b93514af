using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>
/// A model that can say how likely a given answer is: the log-probability of each of its tokens after the request's
/// prompt. Chat clients expose it through <see cref="IChatClient.GetService(System.Type, object?)"/>; the engine uses it
/// in candidate runs to score the baseline answer under the baseline and the candidate model (likelihood drift).
/// </summary>
public interface IAnswerScorer
{
    /// <summary>
    /// True when any answer can be scored (the answer is fed to the model token by token: teacher forcing); false when
    /// only the answer the model itself generates for the request can be (a server reporting the log-probabilities of
    /// what it generated), which costs a model call per score.
    /// </summary>
    bool ScoresAnyAnswer { get; }

    /// <summary>Scores <paramref name="answer"/> as the reply to <paramref name="messages"/>.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="answer">The answer to score.</param>
    /// <param name="reference">
    /// Another model's scorer (the baseline). A scorer that can read both models' next-token distributions fills in
    /// <see cref="AnswerScore.ReferenceTokenLogProbabilities"/> and <see cref="AnswerScore.MeanKlDivergence"/>; others ignore it.
    /// </param>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    /// <returns>The score, or null when this model cannot score the answer (it generates another one, or it does not fit its context).</returns>
    ValueTask<AnswerScore?> ScoreAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string answer, IAnswerScorer? reference, CancellationToken cancellationToken);
}
