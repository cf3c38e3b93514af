using LlmGuard.Results;

namespace LlmGuard.Equivalence;

/// <summary>
/// The equivalence ladder: exact → normalized or JSON (the case's mode) → accepted variants → extracted answer → assertions →
/// lexical similarity → embeddings → judge. Each step but the first is optional; the first that decides (equivalent or
/// different) ends the ladder and is recorded with its score. When no step decides, the output differs.
/// </summary>
internal sealed class EquivalenceLadder(ComparisonModels models)
{
    private readonly ILadderRung[] rungs =
    [
        new ExactRung(), new StructuralRung(), new VariantRung(), new ExtractRung(), new AssertionsRung(), new LexicalRung(),
        new EmbeddingRung(models), new JudgeRung(models),
    ];

    /// <summary>A ladder without judge or embedding models.</summary>
    public static EquivalenceLadder Offline { get; } = new(ComparisonModels.None);

    /// <summary>Compares one output with the baseline.</summary>
    /// <exception cref="ComparisonModelException">A judge or embedding model could not answer.</exception>
    /// <exception cref="TimeoutException">A case's regular expression never finished.</exception>
    public async ValueTask<LadderResult> CompareAsync(LadderInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.Equals(input.Baseline, input.Candidate, StringComparison.Ordinal))
        {
            return LadderResult.Identical;
        }

        var first = ExactRung.Evaluate(input, cancellationToken);
        if (first.Verdict == LadderVerdict.Equivalent)
        {
            return new LadderResult([first], first);
        }

        var findings = new List<LadderFinding>(4) { first };
        for (var index = 1; index < rungs.Length; index++)
        {
            if (!rungs[index].AppliesTo(input))
            {
                continue;
            }

            var finding = await rungs[index].EvaluateAsync(input, cancellationToken).ConfigureAwait(false);
            findings.Add(finding);
            if (finding.Verdict != LadderVerdict.Undecided)
            {
                return new LadderResult(findings, finding);
            }
        }

        return new LadderResult(findings, null);
    }
}
