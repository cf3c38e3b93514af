using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

/// <summary>The keys of drift analysis, read from tests/LlmGuard.Tests/Loading/valid/drift-ladder.yaml into the suite model.</summary>
public sealed class DriftKeysTests
{
    private static readonly Lazy<Suite> Suite = new(() =>
    {
        var set = new SuiteLoader(MalformedCorpus.KnownProviders).Load(Path.Combine(RepositoryRoot.Path, "tests", "LlmGuard.Tests", "Loading", "valid", "drift-ladder.yaml"));
        Assert.That(set.HasErrors, Is.False, string.Join("\n", set.Diagnostics));
        return set.Suites.Single();
    });

    private static SuiteCase Case(string id) => Suite.Value.Cases.Single(suiteCase => suiteCase.Id == id);

    [Test]
    public void The_judge_and_embedding_models_are_read_like_targets_and_the_judge_samples_at_temperature_0()
    {
        var judge = Suite.Value.Judge!;
        var embedding = Suite.Value.Embedding!;
        Assert.Multiple(() =>
        {
            Assert.That((judge.Provider, judge.Model, judge.Seed, judge.Timeout), Is.EqualTo(("openai", "gpt-4o-2024-08-06", (long?)7, TimeSpan.FromSeconds(30))));
            Assert.That(judge.Temperature, Is.Zero);
            Assert.That(judge.MaxOutputTokens, Is.EqualTo(200), "room for a verdict and a reason when the suite sets no limit");
            Assert.That((embedding.Provider, embedding.Model, embedding.Endpoint), Is.EqualTo(("ollama", "nomic-embed-text:v1.5", "http://localhost:11434")));
        });
    }

    [Test]
    public void Every_gate_policy_is_read()
    {
        var gate = Suite.Value.Gate;
        Assert.Multiple(() =>
        {
            Assert.That(gate.MaxChangedShare, Is.EqualTo(0.1));
            Assert.That(gate.MaxChangedShareByTag, Is.EqualTo(new Dictionary<string, double> { ["tone"] = 0.5 }));
            Assert.That(gate.CriticalTags, Is.EqualTo(new[] { "safety" }));
            Assert.That(gate.IntendedTags, Is.EqualTo(new[] { "tone" }));
            Assert.That(gate.NoRegressions, Is.True);
            Assert.That(gate.MinAgreement, Is.EqualTo(0.8));
            Assert.That(gate.MaxProviderErrors, Is.EqualTo(1));
            Assert.That(gate.Significance, Is.EqualTo(0.05));
            Assert.That(gate.Underpowered, Is.EqualTo(UnderpoweredPolicy.Fail));
        });
    }

    [Test]
    public void The_ladder_steps_of_each_case_are_read_and_the_defaults_apply_where_a_case_sets_none()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Case("total").Compare.Extract!.Preset, Is.EqualTo(ExtractPreset.FinalNumber));
            Assert.That(Case("total").Compare.Lexical, Is.Null, "a case's own compare replaces the defaults' whole");
            Assert.That(Case("friendly").Compare.Lexical, Is.EqualTo(new LexicalSimilarityDefinition(LexicalMetric.TokenF1, 0.9)));
            Assert.That(Case("friendly").Compare.Mode, Is.EqualTo(CompareMode.Normalized));

            var label = Case("label").Compare;
            Assert.That((label.Mode, label.IgnoreCase, label.Extract!.Pattern, label.Extract.IgnoreCase), Is.EqualTo((CompareMode.Normalized, true, @"\b(positive|negative|neutral)\b", true)));
            Assert.That(Case("invoice").Compare.Extract!.JsonPaths, Is.EqualTo(new[] { "$.number", "$.total" }));

            var figures = Case("figures").Compare;
            Assert.That(figures.Extract!.Preset, Is.EqualTo(ExtractPreset.Numbers));
            Assert.That(figures.Embedding!.Threshold, Is.EqualTo(0.85));
            Assert.That((figures.Judge!.Criterion, figures.Judge.Votes), Is.EqualTo(("states the same revenue and growth figures", 3)));

            var capital = Case("capital").Compare;
            Assert.That(capital.Assertions, Is.True);
            Assert.That(capital.Embedding!.Threshold, Is.EqualTo(0.8));
            Assert.That((capital.Judge!.Criterion, capital.Judge.Votes), Is.EqualTo(("names the same capital city", 1)));
            Assert.That(capital.Judge.Location.Line, Is.EqualTo(60), "the step keeps its position for later diagnostics");

            Assert.That(Case("snippet").Compare.Extract!.AllMatches, Is.True);
            Assert.That(Case("harmful").Compare.Extract!.Preset, Is.EqualTo(ExtractPreset.Refusal));
        });
    }

    [Test]
    public void Repeat_comes_from_the_case_else_the_defaults_and_expect_change_marks_an_intended_case()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Case("harmful").Repeat, Is.EqualTo(5));
            Assert.That(Case("total").Repeat, Is.EqualTo(3));
            Assert.That(Case("friendly").ExpectChange, Is.True);
            Assert.That(Case("total").ExpectChange, Is.False);
        });
    }
}
