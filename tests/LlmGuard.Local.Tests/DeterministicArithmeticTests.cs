using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class DeterministicArithmeticTests
{
    [Test]
    public void Vector_dot_product_is_bit_identical_to_its_scalar_definition()
    {
        var random = new SplitMix64(42);
        for (var length = 0; length < 300; length += 7)
        {
            var left = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5) * 3).ToArray();
            var right = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5) * 3).ToArray();
            Assert.That(
                BitConverter.SingleToInt32Bits(DeterministicDot.Dot(left, right)),
                Is.EqualTo(BitConverter.SingleToInt32Bits(DeterministicDot.DotScalarReference(left, right))),
                $"length {length}");
        }
    }

    [Test]
    public void Fixed_transcendentals_agree_with_the_platform_to_double_precision()
    {
        var random = new SplitMix64(7);
        for (var i = 0; i < 2000; i++)
        {
            var x = (random.NextDouble() - 0.5) * 80;
            var angle = random.NextDouble() * 5000;
            var positive = random.NextDouble() * 1e6 + 1e-6;
            Assert.Multiple(() =>
            {
                Assert.That(DeterministicMath.Exp(x), Is.EqualTo(Math.Exp(x)).Within(1e-15 * Math.Exp(x)));
                Assert.That(DeterministicMath.Sin(angle), Is.EqualTo(Math.Sin(angle)).Within(1e-12));
                Assert.That(DeterministicMath.Cos(angle), Is.EqualTo(Math.Cos(angle)).Within(1e-12));
                Assert.That(DeterministicMath.Log(positive), Is.EqualTo(Math.Log(positive)).Within(1e-15 * Math.Max(1, Math.Abs(Math.Log(positive)))));
            });
        }
    }

    [Test]
    public void SplitMix64_produces_its_published_sequence()
    {
        // First outputs for seed 1234567 of the reference SplitMix64.
        var generator = new SplitMix64(1234567);
        Assert.That(
            new[] { generator.NextUInt64(), generator.NextUInt64(), generator.NextUInt64() },
            Is.EqualTo(new[] { 6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL }));
    }
}
