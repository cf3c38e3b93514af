using LlmGuard.Local.Inference;

namespace LlmGuard.Local.Chat;

/// <summary>
/// Feeds a given answer to the model after the prompt, token by token (teacher forcing), and yields the logits that
/// predict each answer token: position 0 is what follows the prompt, position t what follows the answer's first t
/// tokens. Answer tokens go through the model in batches (<see cref="InferenceSession.EvaluateAllPositions"/>), so at most
/// <see cref="BlockSize"/> positions of logits are held at once.
/// </summary>
internal static class TeacherForcing
{
    /// <summary>The most positions of logits held at once.</summary>
    public const int BlockSize = 64;

    /// <summary>Blocks of consecutive positions' logits: each array holds <c>count × vocabulary</c> floats.</summary>
    public static IEnumerable<(float[] Logits, int Count)> Logits(LoadedModel model, RowParallel parallel, int[] prompt, int[] answer)
    {
        if (prompt.Length == 0 || answer.Length == 0)
        {
            yield break;
        }

        var session = new InferenceSession(model.Network, prompt.Length + answer.Length, parallel);
        var vocabulary = model.Network.VocabularySize;
        var afterPrompt = session.Evaluate(prompt);
        var first = new float[vocabulary];
        afterPrompt.AsSpan(0, vocabulary).CopyTo(first);
        yield return (first, 1);

        // The last answer token predicts nothing that is scored.
        for (var start = 0; start < answer.Length - 1; start += BlockSize)
        {
            var count = Math.Min(BlockSize, answer.Length - 1 - start);
            yield return (session.EvaluateAllPositions(answer.AsSpan(start, count)), count);
        }
    }

    /// <summary>
    /// The natural-log softmax of one position's logits, in double: <c>logit − max − ln Σ exp(logit − max)</c>, the sum
    /// taken in index order with <see cref="DeterministicMath"/>'s exp and ln, so the same bits on every machine.
    /// </summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<double> logProbabilities)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        for (var i = 0; i < logits.Length; i++)
        {
            logProbabilities[i] = (double)logits[i] - max;
        }

        var exponentials = new double[logits.Length];
        DeterministicMath.Exp(logProbabilities, exponentials);
        var sum = 0.0;
        foreach (var exponential in exponentials)
        {
            sum += exponential;
        }

        var logSum = DeterministicMath.Log(sum);
        for (var i = 0; i < logProbabilities.Length; i++)
        {
            logProbabilities[i] -= logSum;
        }
    }

    /// <summary>KL(reference ‖ model) = Σ p_ref (ln p_ref − ln p_model) of two log-probability vectors, in index order.</summary>
    public static double KlDivergence(ReadOnlySpan<double> referenceLogProbabilities, ReadOnlySpan<double> logProbabilities)
    {
        var probabilities = new double[referenceLogProbabilities.Length];
        DeterministicMath.Exp(referenceLogProbabilities, probabilities);
        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] > 0)
            {
                sum += probabilities[i] * (referenceLogProbabilities[i] - logProbabilities[i]);
            }
        }

        return sum;
    }
}
