using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace LlmGuard.Statistics;

/// <summary>Computes a <see cref="PairedComparison"/> from the cases' pass rates on both sides.</summary>
internal static class PairedTest
{
    /// <summary>The significance level used when the suite names none (for the report only: without it no rule gates on the test).</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>The bootstrap's resamples.</summary>
    public const int Resamples = 2000;

    /// <summary>The bootstrap's fixed seed.</summary>
    public const ulong Seed = 0x4C4C4D4755415244; // "LLMGUARD"

    /// <summary>Compares; null when no case has rates on both sides.</summary>
    /// <param name="cases">Each case's name and its pass rates (0 to 1) on the baseline and the candidate.</param>
    /// <param name="alpha">The significance level.</param>
    public static PairedComparison? Compare(IReadOnlyList<(string Name, double Baseline, double Candidate)> cases, double alpha)
    {
        if (cases.Count == 0)
        {
            return null;
        }

        List<string> regressed = [], improved = [];
        int bothPassed = 0, bothFailed = 0;
        foreach (var (name, baseline, candidate) in cases)
        {
            var (before, after) = (baseline >= 0.5, candidate >= 0.5);
            if (before && after)
            {
                bothPassed++;
            }
            else if (!before && !after)
            {
                bothFailed++;
            }
            else if (before)
            {
                regressed.Add(name);
            }
            else
            {
                improved.Add(name);
            }
        }

        var discordant = regressed.Count + improved.Count;
        var minimum = MinimumDiscordant(alpha);
        var (low, high) = BootstrapInterval(cases);
        var regressionP = UpperTail(regressed.Count, discordant);
        var improvementP = UpperTail(improved.Count, discordant);
        var verdict =
            cases.Count < minimum || (discordant > 0 && discordant < minimum) ? StatisticalVerdict.Underpowered
            : discordant == 0 ? StatisticalVerdict.NoChange
            : regressionP < alpha ? StatisticalVerdict.SignificantRegression
            : improvementP < alpha ? StatisticalVerdict.SignificantImprovement
            : StatisticalVerdict.NotSignificant;
        return new PairedComparison
        {
            Cases = cases.Count,
            BothPassed = bothPassed,
            BothFailed = bothFailed,
            Regressions = regressed.Count,
            Improvements = improved.Count,
            PValue = discordant == 0 ? 1 : Math.Min(1, 2 * LowerTail(Math.Min(regressed.Count, improved.Count), discordant)),
            RegressionPValue = regressionP,
            ImprovementPValue = improvementP,
            Alpha = alpha,
            MinimumDiscordant = minimum,
            BaselinePassRate = cases.Average(item => item.Baseline),
            CandidatePassRate = cases.Average(item => item.Candidate),
            IntervalLow = low,
            IntervalHigh = high,
            Resamples = Resamples,
            Seed = Seed,
            Verdict = verdict,
            RegressedCases = regressed,
            ImprovedCases = improved,
        };
    }

    /// <summary>The smallest d with ½^d &lt; α: fewer discordant cases can never be significant, even all moving one way.</summary>
    public static int MinimumDiscordant(double alpha)
    {
        var d = 1;
        while (Math.Pow(0.5, d) >= alpha)
        {
            d++;
        }

        return d;
    }

    /// <summary>P(X ≤ k) for X ~ Binomial(n, ½); 1 when n is 0.</summary>
    public static double LowerTail(int k, int n) => n == 0 ? 1 : Binomial.CDF(0.5, n, k);

    /// <summary>P(X ≥ k) for X ~ Binomial(n, ½); 1 when k is 0.</summary>
    public static double UpperTail(int k, int n) => k <= 0 ? 1 : 1 - Binomial.CDF(0.5, n, k - 1);

    /// <summary>
    /// The 2.5% and 97.5% quantiles (R type 7) of the mean change over <see cref="Resamples"/> resamples of the cases, drawn
    /// with <see cref="SplitMix64"/> from <see cref="Seed"/> (each 64-bit draw gives two indices). The cases' changes take few
    /// distinct values (−1, 0 and 1 without repeats), so each resample counts draws per value and sums them exactly.
    /// </summary>
    private static (double Low, double High) BootstrapInterval(IReadOnlyList<(string Name, double Baseline, double Candidate)> cases)
    {
        var differences = new double[cases.Count];
        for (var index = 0; index < differences.Length; index++)
        {
            differences[index] = cases[index].Candidate - cases[index].Baseline;
        }

        if (Array.TrueForAll(differences, difference => difference == differences[0]))
        {
            return (differences[0], differences[0]);
        }

        var values = differences.Distinct().ToArray();
        var valueOf = new int[differences.Length];
        for (var index = 0; index < differences.Length; index++)
        {
            valueOf[index] = Array.IndexOf(values, differences[index]);
        }

        var generator = new SplitMix64(Seed);
        var counts = new long[values.Length];
        var means = new double[Resamples];
        var count = (ulong)differences.Length;
        for (var resample = 0; resample < Resamples; resample++)
        {
            Array.Clear(counts);
            var draw = 0;
            for (; draw + 1 < differences.Length; draw += 2)
            {
                // Two uniform indices from one 64-bit draw (Lemire's multiply-shift on each half).
                var random = generator.Next();
                counts[valueOf[(int)(((random & 0xFFFFFFFFUL) * count) >> 32)]]++;
                counts[valueOf[(int)(((random >> 32) * count) >> 32)]]++;
            }

            if (draw < differences.Length)
            {
                counts[valueOf[(int)(((generator.Next() >> 32) * count) >> 32)]]++;
            }

            var sum = 0.0;
            for (var value = 0; value < values.Length; value++)
            {
                sum += values[value] * counts[value];
            }

            means[resample] = sum / differences.Length;
        }

        return (MathNet.Numerics.Statistics.Statistics.QuantileCustom(means, 0.025, QuantileDefinition.R7), MathNet.Numerics.Statistics.Statistics.QuantileCustom(means, 0.975, QuantileDefinition.R7));
    }
}
