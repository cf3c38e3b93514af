using LlmGuard.Equivalence;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Equivalence;

public sealed class LexicalSimilarityTests
{
    [Test]
    public void Rouge_l_is_the_f_measure_of_the_longest_common_subsequence_of_tokens()
    {
        // Reference 6 tokens, hypothesis 5, LCS "the cat on the mat" = 5: P = 1, R = 5/6, F = 2·(5/6)/(11/6) = 10/11.
        var score = LexicalSimilarity.Score("The cat sat on the mat.", "the cat on the mat", LexicalMetric.RougeL);
        Assert.That(score, Is.EqualTo(10.0 / 11).Within(1e-12));
    }

    [Test]
    public void Token_f1_counts_shared_tokens_as_a_multiset_in_any_order()
    {
        // Shared: a, b (once each); P = 2/3, R = 2/4, F1 = 2·(1/3)/(7/6) = 4/7.
        var score = LexicalSimilarity.Score("a a b c", "b a d", LexicalMetric.TokenF1);
        Assert.That(score, Is.EqualTo(4.0 / 7).Within(1e-12));
    }

    [Test]
    public void Identical_texts_score_1_and_disjoint_ones_0()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LexicalSimilarity.Score("Same words here", "same, words HERE!", LexicalMetric.RougeL), Is.EqualTo(1));
            Assert.That(LexicalSimilarity.Score("alpha beta", "gamma delta", LexicalMetric.TokenF1), Is.Zero);
            Assert.That(LexicalSimilarity.Score("", "", LexicalMetric.RougeL), Is.EqualTo(1));
            Assert.That(LexicalSimilarity.Score("", "x", LexicalMetric.RougeL), Is.Zero);
        });
    }

    [Test]
    public void Lexical_overlap_points_the_wrong_way_on_realistic_pairs()
    {
        const string math = "Each box holds 12 eggs and there are 8 boxes, so 12 × 8 = 96 eggs in total. The answer is 96.";
        const string mathWrong = "Each box holds 12 eggs and there are 8 boxes, so 12 × 8 = 86 eggs in total. The answer is 86.";
        const string news = "The city council approved the new budget on Monday, raising school funding by 4% while freezing transport fares.";
        const string newsReworded = "On Monday councillors passed next year's spending plan: schools get 4% more money and bus and tram prices stay the same.";
        var changedFact = LexicalSimilarity.Score(math, mathWrong, LexicalMetric.TokenF1);
        var faithful = LexicalSimilarity.Score(news, newsReworded, LexicalMetric.TokenF1);
        Assert.Multiple(() =>
        {
            Assert.That(changedFact, Is.GreaterThan(0.9), "a changed final number keeps almost every token");
            Assert.That(faithful, Is.LessThan(0.4), "a faithful rewording shares few tokens");
        });
    }
}
