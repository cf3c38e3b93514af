using LlmGuard.Statistics;

namespace LlmGuard.Tests.Statistics;

public sealed class PairedTestTests
{
    private static List<(string Name, double Baseline, double Candidate)> Cases(int regressions, int improvements, int bothPass, int bothFail = 0) =>
        [
            .. Enumerable.Range(0, regressions).Select(index => ($"r{index}", 1.0, 0.0)),
            .. Enumerable.Range(0, improvements).Select(index => ($"i{index}", 0.0, 1.0)),
            .. Enumerable.Range(0, bothPass).Select(index => ($"p{index}", 1.0, 1.0)),
            .. Enumerable.Range(0, bothFail).Select(index => ($"f{index}", 0.0, 0.0)),
        ];

    [TestCase(0.05, 5)]
    [TestCase(0.01, 7)]
    [TestCase(0.1, 4)]
    public void The_fewest_discordant_cases_that_can_reach_alpha_is_the_smallest_d_with_half_to_the_d_below_it(double alpha, int expected) =>
        Assert.That(PairedTest.MinimumDiscordant(alpha), Is.EqualTo(expected));

    [Test]
    public void Five_regressions_and_no_improvement_are_significant_one_sided_at_5_percent()
    {
        var result = PairedTest.Compare(Cases(5, 0, 15), 0.05)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.RegressionPValue, Is.EqualTo(1.0 / 32).Within(1e-12), "P(X ≥ 5 | n = 5, ½) = 1/32");
            Assert.That(result.PValue, Is.EqualTo(2.0 / 32).Within(1e-12), "two-sided exact McNemar: 2 · P(X ≤ 0)");
            Assert.That(result.Verdict, Is.EqualTo(StatisticalVerdict.SignificantRegression));
            Assert.That(result.RegressedCases, Is.EqualTo(new[] { "r0", "r1", "r2", "r3", "r4" }));
            Assert.That((result.BothPassed, result.BothFailed, result.Cases), Is.EqualTo((15, 0, 20)));
        });
    }

    [Test]
    public void Eight_regressions_against_two_improvements_match_the_binomial_tail()
    {
        // P(X ≥ 8 | n = 10, ½) = (45 + 10 + 1) / 1024 = 56/1024; two-sided 2 · P(X ≤ 2) = 112/1024.
        var result = PairedTest.Compare(Cases(8, 2, 10), 0.05)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.RegressionPValue, Is.EqualTo(56.0 / 1024).Within(1e-12));
            Assert.That(result.PValue, Is.EqualTo(112.0 / 1024).Within(1e-12));
            Assert.That(result.ImprovementPValue, Is.EqualTo(1013.0 / 1024).Within(1e-12));
            Assert.That(result.Verdict, Is.EqualTo(StatisticalVerdict.NotSignificant));
        });
    }

    [Test]
    public void Too_few_discordant_cases_are_underpowered_not_a_silent_pass()
    {
        var three = PairedTest.Compare(Cases(3, 0, 7), 0.05)!;
        var smallSuite = PairedTest.Compare(Cases(0, 0, 4), 0.05)!;
        var none = PairedTest.Compare(Cases(0, 0, 10), 0.05)!;
        Assert.Multiple(() =>
        {
            Assert.That(three.Verdict, Is.EqualTo(StatisticalVerdict.Underpowered), "3 of 3 moving one way gives p = 1/8");
            Assert.That(three.Describe(), Does.Contain("underpowered: at least 5 cases must move to reach p < 0.05 (3 of 10 did)"));
            Assert.That(smallSuite.Verdict, Is.EqualTo(StatisticalVerdict.Underpowered), "4 cases can never reach p < 0.05");
            Assert.That(none.Verdict, Is.EqualTo(StatisticalVerdict.NoChange));
        });
    }

    [Test]
    public void Improvements_are_significant_the_other_way()
    {
        var result = PairedTest.Compare(Cases(0, 6, 4), 0.05)!;
        Assert.That(result.Verdict, Is.EqualTo(StatisticalVerdict.SignificantImprovement));
    }

    [Test]
    public void The_bootstrap_interval_is_seeded_so_the_same_cases_give_the_same_interval_around_the_mean_change()
    {
        var cases = Cases(3, 1, 16).Select((item, index) => (item.Name, item.Baseline, index % 3 == 0 ? item.Candidate * 0.5 : item.Candidate)).ToList();
        var first = PairedTest.Compare(cases, 0.05)!;
        var second = PairedTest.Compare([.. cases], 0.05)!;
        Assert.Multiple(() =>
        {
            Assert.That((second.IntervalLow, second.IntervalHigh), Is.EqualTo((first.IntervalLow, first.IntervalHigh)));
            Assert.That(first.IntervalLow, Is.LessThanOrEqualTo(first.Delta));
            Assert.That(first.IntervalHigh, Is.GreaterThanOrEqualTo(first.Delta));
            Assert.That(first.IntervalLow, Is.LessThan(first.IntervalHigh));
            Assert.That((first.Resamples, first.Seed), Is.EqualTo((PairedTest.Resamples, PairedTest.Seed)));
        });
    }

    [Test]
    public void Pass_rates_from_repeats_count_a_case_as_passing_when_at_least_half_its_runs_pass()
    {
        var result = PairedTest.Compare([("a", 1.0, 0.4), ("b", 0.6, 0.5), ("c", 0.2, 0.8)], 0.05)!;
        Assert.Multiple(() =>
        {
            Assert.That((result.Regressions, result.Improvements, result.BothPassed), Is.EqualTo((1, 1, 1)));
            Assert.That(result.BaselinePassRate, Is.EqualTo(0.6).Within(1e-12));
            Assert.That(result.CandidatePassRate, Is.EqualTo(1.7 / 3).Within(1e-12));
        });
    }

    [Test]
    public void No_cases_give_no_comparison() => Assert.That(PairedTest.Compare([], 0.05), Is.Null);
}
