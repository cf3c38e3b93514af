using LlmGuard.Suites;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>
/// The <c>judge</c> and <c>embedding</c> sections: the models the comparison steps of the same names call. Both are written
/// like <c>target</c> with fewer keys; the judge always samples at temperature 0.
/// </summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] JudgeModelKeys =
    [
        "provider", "model", "endpoint", "api_key_env", "organization", "project", "deployment", "seed", "max_tokens", "options", "timeout", "requests_per_minute",
    ];

    private static readonly string[] EmbeddingModelKeys =
    [
        "provider", "model", "endpoint", "api_key_env", "organization", "project", "deployment", "timeout", "requests_per_minute",
    ];

    /// <summary>The judge's answer limit when the suite sets none: room for a verdict and one sentence of reason.</summary>
    private const int DefaultJudgeMaxTokens = 200;

    private TargetDefinition? ParseJudgeModel(YamlNode node) =>
        ParseTarget(node, "judge", JudgeModelKeys) is { } judge
            ? judge with { Temperature = 0, MaxOutputTokens = judge.MaxOutputTokens ?? DefaultJudgeMaxTokens }
            : null;

    private TargetDefinition? ParseEmbeddingModel(YamlNode node) =>
        ParseTarget(node, "embedding", EmbeddingModelKeys) is { } embedding ? embedding with { Temperature = null } : null;

    /// <summary>A case's <c>judge</c> or <c>embedding</c> step needs the suite's model of that name.</summary>
    private void RequireComparisonModels(IEnumerable<SuiteCase> cases, bool hasJudge, bool hasEmbedding)
    {
        foreach (var suiteCase in cases)
        {
            if (!hasJudge && suiteCase.Compare.Judge is { } judge)
            {
                reader.Error(judge.Location, DiagnosticCodes.MissingKey,
                    $"Case '{suiteCase.Id}' compares with a judge, but the suite declares no 'judge' model: add a root 'judge:' section (provider, model).");
                return;
            }

            if (!hasEmbedding && suiteCase.Compare.Embedding is { } embedding)
            {
                reader.Error(embedding.Location, DiagnosticCodes.MissingKey,
                    $"Case '{suiteCase.Id}' compares embeddings, but the suite declares no 'embedding' model: add a root 'embedding:' section (provider, model).");
                return;
            }
        }
    }
}
