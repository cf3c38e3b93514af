using System.Text;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Chat;

/// <summary>
/// One run of the decode loop: evaluate the prompt, then pick a token, decode it, pass the text through the stop
/// filter, and feed the token back — until end-of-sequence, a stop string, or the token limit.
/// </summary>
internal sealed class Generation(LoadedModel model, int[] promptTokens, GenerationSettings settings, int contextLength, RowParallel parallel)
{
    private readonly List<int> generated = [];

    public IReadOnlyList<int> PromptTokens => promptTokens;

    public IReadOnlyList<int> GeneratedTokens => generated;

    /// <summary>Null until the run has ended.</summary>
    public GenerationFinish? Finish { get; private set; }

    /// <summary>Yields the reply's text in pieces as soon as the stop filter releases them.</summary>
    public IEnumerable<string> Run(CancellationToken cancellationToken)
    {
        if (promptTokens.Length >= contextLength)
        {
            throw new InvalidOperationException($"The prompt has {promptTokens.Length} tokens; the context length is {contextLength}.");
        }

        var maxTokens = Math.Min(settings.MaxOutputTokens, contextLength - promptTokens.Length);
        var session = new InferenceSession(model.Network, promptTokens.Length + maxTokens, parallel);
        var sampler = new TokenSampler(settings.Sampling);
        var filter = new StopSequenceFilter(settings.StopSequences, settings.TrimLeadingWhitespace);
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();

        cancellationToken.ThrowIfCancellationRequested();
        var logits = session.Evaluate(promptTokens);
        var finish = GenerationFinish.Length;
        while (generated.Count < maxTokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = sampler.Next(logits);
            if (model.Tokenizer.IsEndOfGeneration(next))
            {
                finish = GenerationFinish.Stop;
                break;
            }

            generated.Add(next);
            var text = Decode(decoder, model.Tokenizer.DecodeToBytes(next), flush: false);
            var ready = filter.Push(text, out var stopped);
            if (ready.Length > 0)
            {
                yield return ready;
            }

            if (stopped)
            {
                finish = GenerationFinish.Stop;
                Finish = finish;
                yield break;
            }

            if (generated.Count < maxTokens)
            {
                logits = session.Evaluate([next]);
            }
        }

        var rest = filter.Push(Decode(decoder, [], flush: true), out var stoppedAtEnd);
        rest += stoppedAtEnd ? string.Empty : filter.Flush();
        Finish = stoppedAtEnd ? GenerationFinish.Stop : finish;
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private static string Decode(Decoder decoder, byte[] bytes, bool flush)
    {
        var chars = new char[decoder.GetCharCount(bytes, 0, bytes.Length, flush)];
        decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush);
        return new string(chars);
    }
}
