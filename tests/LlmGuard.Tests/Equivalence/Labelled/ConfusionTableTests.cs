using System.Globalization;
using System.Text;
using LlmGuard.Equivalence;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Equivalence.Labelled;

/// <summary>
/// The labelled old-vs-new pairs through the engine with each kind's recommended settings (offline: no judge, no embeddings):
/// at least 95% of the real changes flagged and at most 10% of the rewordings, and the table in docs/drift.md is the one
/// measured here, so neither can drift from the other.
/// </summary>
public sealed class ConfusionTableTests
{
    private const string StartMarker = "<!-- confusion-table:start -->";
    private const string EndMarker = "<!-- confusion-table:end -->";

    private static readonly Lazy<IReadOnlyList<(LabelledPair Pair, Results.CaseResult Result)>> Results =
        new(() => LabelledSet.RunAsync().GetAwaiter().GetResult());

    [Test]
    public void The_set_has_at_least_40_pairs_about_half_of_them_changes_over_every_kind()
    {
        var pairs = LabelledSet.Pairs;
        Assert.Multiple(() =>
        {
            Assert.That(pairs, Has.Count.GreaterThanOrEqualTo(40));
            Assert.That(pairs.Count(pair => pair.Changed), Is.InRange(pairs.Count * 0.4, pairs.Count * 0.6));
            Assert.That(pairs.Select(pair => pair.Id), Is.Unique);
            Assert.That(LabelledSet.Kinds, Is.EquivalentTo(new[] { "factual", "classification", "json-extraction", "math", "summary", "code", "refusal", "formatting" }));
            foreach (var kind in LabelledSet.Kinds)
            {
                Assert.That(pairs.Where(pair => pair.Kind == kind).Select(pair => pair.Changed).Distinct().Count(), Is.EqualTo(2), $"{kind} has rewordings and changes");
            }
        });
    }

    [Test]
    public void The_recommended_settings_flag_at_least_95_percent_of_changes_and_at_most_10_percent_of_rewordings()
    {
        var changes = Results.Value.Where(item => item.Pair.Changed).ToList();
        var rewordings = Results.Value.Where(item => !item.Pair.Changed).ToList();
        var flaggedChanges = changes.Count(item => LabelledSet.Flagged(item.Result));
        var flaggedRewordings = rewordings.Count(item => LabelledSet.Flagged(item.Result));
        TestContext.Out.WriteLine(Table());
        Assert.Multiple(() =>
        {
            Assert.That((double)flaggedChanges / changes.Count, Is.GreaterThanOrEqualTo(0.95),
                "missed: " + string.Join(", ", changes.Where(item => !LabelledSet.Flagged(item.Result)).Select(item => $"{item.Pair.Id} ({item.Result.Summary})")));
            Assert.That((double)flaggedRewordings / rewordings.Count, Is.LessThanOrEqualTo(0.10),
                "flagged: " + string.Join(", ", rewordings.Where(item => LabelledSet.Flagged(item.Result)).Select(item => $"{item.Pair.Id} ({item.Result.Summary})")));
        });
    }

    [Test]
    public void Docs_drift_md_shows_the_table_measured_here()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "drift.md")).ReplaceLineEndings("\n");
        var start = docs.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = docs.IndexOf(EndMarker, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0).And.LessThan(end), $"docs/drift.md holds the table between {StartMarker} and {EndMarker}");

        var documented = docs[(start + StartMarker.Length)..end].Trim('\n');
        Assert.That(documented, Is.EqualTo(Table()), "update docs/drift.md with the table printed by this test");
    }

    /// <summary>
    /// The confusion table: per kind, the changes and rewordings the recommended settings flag; then what exact comparison
    /// alone and lexical similarity alone (token F1 and ROUGE-L at 0.8) would have flagged on the same pairs.
    /// </summary>
    private static string Table()
    {
        var builder = new StringBuilder();
        builder.Append("| kind | pairs | changes flagged | rewordings flagged | settings |\n|---|---|---|---|---|\n");
        foreach (var kind in LabelledSet.Kinds)
        {
            var items = Results.Value.Where(item => item.Pair.Kind == kind).ToList();
            builder.Append(CultureInfo.InvariantCulture, $"| {kind} | {items.Count} | {Ratio(items.Where(item => item.Pair.Changed), item => LabelledSet.Flagged(item.Result))} | {Ratio(items.Where(item => !item.Pair.Changed), item => LabelledSet.Flagged(item.Result))} | {Settings(kind)} |\n");
        }

        var all = Results.Value;
        builder.Append(CultureInfo.InvariantCulture, $"| **all, recommended ladder** | {all.Count} | **{Ratio(all.Where(item => item.Pair.Changed), item => LabelledSet.Flagged(item.Result))}** | **{Ratio(all.Where(item => !item.Pair.Changed), item => LabelledSet.Flagged(item.Result))}** | |\n");
        builder.Append(CultureInfo.InvariantCulture, $"| all, exact comparison only | {all.Count} | {Ratio(all.Where(item => item.Pair.Changed), item => item.Pair.Old != item.Pair.New)} | {Ratio(all.Where(item => !item.Pair.Changed), item => item.Pair.Old != item.Pair.New)} | `compare: exact` |\n");
        foreach (var metric in new[] { LexicalMetric.TokenF1, LexicalMetric.RougeL })
        {
            bool LexicallyFlagged((LabelledPair Pair, Results.CaseResult Result) item) => LexicalSimilarity.Score(item.Pair.Old, item.Pair.New, metric) < 0.8;
            var name = metric == LexicalMetric.TokenF1 ? "token-f1" : "rouge-l";
            builder.Append(CultureInfo.InvariantCulture, $"| all, lexical only ({name} < 0.8 flags) | {all.Count} | {Ratio(all.Where(item => item.Pair.Changed), LexicallyFlagged)} | {Ratio(all.Where(item => !item.Pair.Changed), LexicallyFlagged)} | `lexical: {{ metric: {name}, threshold: 0.8 }}` |\n");
        }

        var meanChanged = all.Where(item => item.Pair.Changed).Average(item => LexicalSimilarity.Score(item.Pair.Old, item.Pair.New, LexicalMetric.TokenF1));
        var meanSame = all.Where(item => !item.Pair.Changed).Average(item => LexicalSimilarity.Score(item.Pair.Old, item.Pair.New, LexicalMetric.TokenF1));
        builder.Append(CultureInfo.InvariantCulture, $"\nMean token F1 between old and new answer: {meanChanged:0.00} for the real changes, {meanSame:0.00} for the faithful rewordings.\n");
        var missed = all.Where(item => item.Pair.Changed && !LabelledSet.Flagged(item.Result)).Select(item => $"`{item.Pair.Id}`").ToList();
        var wrong = all.Where(item => !item.Pair.Changed && LabelledSet.Flagged(item.Result)).Select(item => $"`{item.Pair.Id}`").ToList();
        builder.Append(CultureInfo.InvariantCulture, $"Missed changes: {(missed.Count == 0 ? "none" : string.Join(", ", missed))}. Flagged rewordings: {(wrong.Count == 0 ? "none" : string.Join(", ", wrong))}.");
        return builder.ToString();
    }

    private static string Ratio<T>(IEnumerable<T> items, Func<T, bool> flagged)
    {
        var list = items.ToList();
        var count = list.Count(flagged);
        return string.Create(CultureInfo.InvariantCulture, $"{count}/{list.Count} ({(list.Count == 0 ? 0 : 100.0 * count / list.Count):0}%)");
    }

    private static string Settings(string kind) => kind switch
    {
        "factual" => "`normalized`, `assertions: true` + the fact as an assertion",
        "classification" => "`normalized`, `ignore_case`, `extract: { regex: <the labels>, ignore_case: true }`",
        "json-extraction" => "`json`",
        "math" => "`extract: final-number`",
        "summary" => "`extract: numbers`, `assertions: true` + assertions on the key claims",
        "code" => "`extract: code-block`",
        "refusal" => "`extract: refusal`",
        _ => "`assertions: true` + the format as assertions",
    };
}
