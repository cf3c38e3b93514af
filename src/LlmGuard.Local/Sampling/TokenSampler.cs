using System.Runtime.Intrinsics;
using LlmGuard.Local.Inference;

namespace LlmGuard.Local.Sampling;

/// <summary>
/// Picks the next token from logits. Greedy: the highest logit, lowest id on ties. Sampling: candidates sorted by
/// logit (descending, then id ascending), cut to the top k, softmax of logit/temperature in double, cut to the
/// smallest prefix whose probability reaches top-p, then one <see cref="SplitMix64"/> draw in [0, 1) scaled by the
/// kept mass picks the first candidate whose running sum exceeds it.
/// </summary>
internal sealed class TokenSampler
{
    private readonly SamplingSettings settings;
    private readonly SplitMix64 random;

    public TokenSampler(SamplingSettings settings)
    {
        this.settings = settings;
        random = new SplitMix64(unchecked((ulong)settings.Seed));
    }

    public int Next(ReadOnlySpan<float> logits)
    {
        if (settings.Temperature <= 0)
        {
            return ArgMax(logits);
        }

        var candidates = new int[logits.Length];
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = i;
        }

        var values = logits.ToArray();
        Array.Sort(candidates, (a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        var kept = settings.TopK > 0 ? Math.Min(settings.TopK, candidates.Length) : candidates.Length;

        var maxScaled = values[candidates[0]] / (double)settings.Temperature;
        var probabilities = new double[kept];
        double total = 0;
        for (var i = 0; i < kept; i++)
        {
            probabilities[i] = DeterministicMath.Exp((values[candidates[i]] / (double)settings.Temperature) - maxScaled);
            total += probabilities[i];
        }

        if (settings.TopP is > 0 and < 1)
        {
            double cumulative = 0;
            for (var i = 0; i < kept; i++)
            {
                cumulative += probabilities[i] / total;
                if (cumulative >= settings.TopP)
                {
                    kept = i + 1;
                    break;
                }
            }
        }

        double keptMass = 0;
        for (var i = 0; i < kept; i++)
        {
            keptMass += probabilities[i];
        }

        var target = random.NextDouble() * keptMass;
        double running = 0;
        for (var i = 0; i < kept; i++)
        {
            running += probabilities[i];
            if (running > target)
            {
                return candidates[i];
            }
        }

        return candidates[kept - 1];
    }

    /// <summary>The index of the highest logit, the lowest such index on ties (NaN is never higher than anything).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        if (Vector256.IsHardwareAccelerated && logits.Length >= 8)
        {
            // The maximum, then the first index holding it: the same answer as the scalar scan unless a NaN is present.
            var max = Vector256.Create(float.NegativeInfinity);
            var hasNaN = Vector256<float>.Zero;
            var i = 0;
            for (; i + 8 <= logits.Length; i += 8)
            {
                var values = Vector256.Create(logits.Slice(i, 8));
                max = Vector256.Max(max, values);
                hasNaN |= ~Vector256.Equals(values, values);
            }

            var highest = float.NegativeInfinity;
            for (var lane = 0; lane < 8; lane++)
            {
                highest = Math.Max(highest, max.GetElement(lane));
            }

            for (; i < logits.Length; i++)
            {
                highest = Math.Max(highest, logits[i]);
            }

            if (hasNaN == Vector256<float>.Zero && !float.IsNaN(highest))
            {
                var target = Vector256.Create(highest);
                for (i = 0; i + 8 <= logits.Length; i += 8)
                {
                    var matches = Vector256.Equals(Vector256.Create(logits.Slice(i, 8)), target).ExtractMostSignificantBits();
                    if (matches != 0)
                    {
                        return i + System.Numerics.BitOperations.TrailingZeroCount(matches);
                    }
                }

                for (; i < logits.Length; i++)
                {
                    if (logits[i] == highest)
                    {
                        return i;
                    }
                }
            }
        }

        return ScalarArgMax(logits);
    }

    private static int ScalarArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
