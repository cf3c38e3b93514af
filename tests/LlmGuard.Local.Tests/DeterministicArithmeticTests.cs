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
    public void Vector_exp_is_bit_identical_to_the_scalar_exp()
    {
        var random = new SplitMix64(99);
        var arguments = Enumerable.Range(0, 4001).Select(i => i switch
        {
            7 => double.NaN,
            8 => 709.5,
            9 => -720.0,
            10 => -708.0,
            11 => 708.0,
            _ => (random.NextDouble() - 0.6) * (i % 3 == 0 ? 1400 : 30),
        }).ToArray();
        var results = new double[arguments.Length];
        DeterministicMath.Exp(arguments, results);
        Assert.That(results.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(arguments.Select(x => BitConverter.DoubleToInt64Bits(DeterministicMath.Exp(x)))));
    }

    [Test]
    public void Vector_rounding_to_half_is_the_scalar_conversion()
    {
        var random = new SplitMix64(3);
        var values = Enumerable.Range(0, 5000).Select(i => i switch
        {
            0 => 65519.99f,
            1 => 65520f,
            2 => -1e-8f,
            3 => 2.9802322e-8f,
            4 => float.NaN,
            5 => float.NegativeInfinity,
            _ => (float)((random.NextDouble() - 0.5) * Math.Pow(2, (i % 40) - 25)),
        }).ToArray();
        var rounded = new float[values.Length];
        InferenceSession.RoundToHalf(values, rounded);
        Assert.That(rounded.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(values.Select(value => BitConverter.SingleToInt32Bits((float)(Half)value))));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(8)]
    [TestCase(45)]
    [TestCase(300)]
    public void Softmax_is_its_scalar_definition_bit_for_bit(int count)
    {
        var random = new SplitMix64((ulong)count);
        var scores = Enumerable.Range(0, count).Select(i => (float)((random.NextDouble() - 0.5) * (i % 4 == 0 ? 3000 : 20))).ToArray();
        var max = scores.Max();
        var exponentials = scores.Select(score => DeterministicMath.Exp(score - (double)max)).ToArray();
        double sum = 0;
        foreach (var e in exponentials)
        {
            sum += e;
        }

        var expected = exponentials.Select(e => (float)(e / sum)).ToArray();
        InferenceSession.Softmax(scores, max);
        Assert.That(scores.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
    }

    [Test]
    public void SwiGlu_is_silu_times_up_bit_for_bit()
    {
        var random = new SplitMix64(5);
        var gate = Enumerable.Range(0, 1003).Select(i => (float)((random.NextDouble() - 0.5) * (i % 5 == 0 ? 2000 : 12))).ToArray();
        var up = Enumerable.Range(0, 1003).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var expected = gate.Zip(up, (g, u) => InferenceSession.Silu(g) * u).ToArray();
        InferenceSession.SwiGlu(gate, up);
        Assert.That(gate.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
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
