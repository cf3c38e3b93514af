using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class SamplingTests
{
    private static readonly float[] Logits = [1.0f, 3.0f, 2.5f, -1f, 3.0f, 0.5f];

    [Test]
    public void Temperature_zero_is_greedy_with_the_lowest_id_winning_ties()
    {
        var sampler = new TokenSampler(new SamplingSettings(0f, 0, 1f, 0));
        Assert.That(sampler.Next(Logits), Is.EqualTo(1));
    }

    [Test]
    public void Same_seed_gives_the_same_draws_and_another_seed_does_not()
    {
        int[] Draws(long seed)
        {
            var sampler = new TokenSampler(new SamplingSettings(1.5f, 0, 1f, seed));
            return Enumerable.Range(0, 40).Select(_ => sampler.Next(Logits)).ToArray();
        }

        var first = Draws(11);
        var repeated = Draws(11);
        Assert.Multiple(() =>
        {
            Assert.That(repeated, Is.EqualTo(first));
            Assert.That(Draws(11), Is.Not.EqualTo(Draws(12)));
            Assert.That(Draws(11).Distinct().Count(), Is.GreaterThan(2));
        });
    }

    [Test]
    public void Top_k_and_top_p_restrict_the_candidates()
    {
        var topK = new TokenSampler(new SamplingSettings(5f, 2, 1f, 3));
        var topP = new TokenSampler(new SamplingSettings(1f, 0, 0.5f, 3));
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, 200).Select(_ => topK.Next(Logits)).Distinct(), Is.SubsetOf(new[] { 1, 4 }));
            Assert.That(Enumerable.Range(0, 200).Select(_ => topP.Next(Logits)).Distinct(), Is.SubsetOf(new[] { 1, 4 }));
        });
    }

    [Test]
    public void ArgMax_takes_the_first_of_equal_maxima_and_ignores_nan_like_the_scalar_scan()
    {
        var random = new SplitMix64(17);
        var logits = Enumerable.Range(0, 1003).Select(_ => (float)(random.NextDouble() * 10)).ToArray();
        logits[700] = 20f;
        logits[300] = 20f;
        var withZeros = Enumerable.Repeat(-1f, 40).ToArray();
        withZeros[9] = -0f;
        withZeros[21] = 0f;
        var withNaN = (float[])logits.Clone();
        withNaN[5] = float.NaN;
        Assert.Multiple(() =>
        {
            Assert.That(TokenSampler.ArgMax(logits), Is.EqualTo(300));
            Assert.That(TokenSampler.ArgMax(withZeros), Is.EqualTo(9));
            Assert.That(TokenSampler.ArgMax(withNaN), Is.EqualTo(300));
            Assert.That(TokenSampler.ArgMax(new[] { float.NaN, 1f, 2f }), Is.EqualTo(0), "nothing is greater than a leading NaN");
        });
    }
}
