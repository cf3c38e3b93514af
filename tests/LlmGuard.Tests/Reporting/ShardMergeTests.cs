using System.Text.Json.Nodes;
using LlmGuard.Planning;
using LlmGuard.Reporting;

namespace LlmGuard.Tests.Reporting;

public sealed class ShardMergeTests
{
    private ReportScenario scenario = null!;

    [SetUp]
    public async Task SetUp()
    {
        scenario = new ReportScenario();
        await scenario.RecordBaseAsync();
    }

    [TearDown]
    public void TearDown() => scenario.Dispose();

    [Test]
    public async Task Three_shards_merged_give_the_verdict_and_case_results_of_the_unsharded_run()
    {
        var whole = await scenario.RunCandidateAsync(scenario.PathOf("whole.json"));
        var parts = new List<(string, RunReport)>();
        for (var index = 1; index <= 3; index++)
        {
            var file = scenario.PathOf($"part-{index}.json");
            await scenario.RunCandidateAsync(file, new RunShard(index, 3));
            parts.Add((file, RunReportJson.Read(File.ReadAllText(file), file)));
        }

        var merged = RunReportMerger.Merge(parts);

        Assert.Multiple(() =>
        {
            Assert.That(parts.Select(part => part.Item2.Cases.Count), Is.EquivalentTo(new[] { 14, 13, 13 }), "balanced by case count");
            Assert.That(parts.SelectMany(part => part.Item2.Cases).Select(c => c.Name).Distinct().Count(), Is.EqualTo(ReportScenario.CaseCount));
            Assert.That(whole.Verdict.Passed, Is.False, "the scenario fails the gate");
            Assert.That(parts.Any(part => part.Item2.Suites.Any(suite => suite.Id == "geo" && suite.Gate.Reasons.SequenceEqual(whole.Suites[0].Gate.Reasons))), Is.False,
                "no shard alone sees the whole run's share of changed cases");
            Assert.That(Comparable(merged.Verdict), Is.EqualTo(Comparable(whole.Verdict)));
            Assert.That(Comparable(merged.Suites), Is.EqualTo(Comparable(whole.Suites)));
            Assert.That(Comparable(merged.Cases), Is.EqualTo(Comparable(whole.Cases)));
            Assert.That(merged.Orphans, Is.EqualTo(whole.Orphans));
            Assert.That(merged.Environment.MergedFrom, Is.EqualTo(new[] { "part-1.json", "part-2.json", "part-3.json" }));
        });
    }

    [Test]
    public async Task Merged_shards_of_a_run_with_repeats_a_ladder_and_statistics_equal_the_unsharded_run()
    {
        using var drift = new ReportScenario(withDrift: true);
        await drift.RecordBaseAsync();
        var whole = await drift.RunCandidateAsync(drift.PathOf("whole.json"));
        var parts = new List<(string, RunReport)>();
        for (var index = 1; index <= 3; index++)
        {
            var file = drift.PathOf($"part-{index}.json");
            await drift.RunCandidateAsync(file, new RunShard(index, 3));
            parts.Add((file, RunReportJson.Read(File.ReadAllText(file), file)));
        }

        var merged = RunReportMerger.Merge(parts);
        var suite = whole.Suites.Single(candidate => candidate.Id == "drift");
        var cases = whole.Cases.Where(reportCase => reportCase.Suite == "drift").ToDictionary(reportCase => reportCase.Case);

        Assert.Multiple(() =>
        {
            Assert.That(cases["sum-0"].Outcome, Is.EqualTo("judged-equivalent"));
            Assert.That(cases["sum-0"].DecidingStep?.Step, Is.EqualTo("extract"));
            Assert.That(cases["sum-0"].Repeats, Has.Count.EqualTo(2));
            Assert.That(cases["sum-0"].Stability?.Runs, Is.EqualTo(2));
            Assert.That(cases["sum-2"].Outcome, Is.EqualTo("intended-change"));
            Assert.That(cases["sum-3"].Outcome, Is.EqualTo("changed"));
            Assert.That(suite.Statistics, Is.Not.Null, "a candidate run with repeats computes the paired test");
            Assert.That(suite.Statistics!.RegressedCases, Is.EqualTo(new[] { "sum-3", "sum-4" }));
            Assert.That(suite.IntendedChanges, Is.EqualTo(new[] { "sum-2" }));
            Assert.That(suite.Gate.RuleResults.Select(rule => rule.Rule), Does.Contain("no_regressions").And.Contain("significance").And.Contain("max_output_tokens_increase"));
            Assert.That(parts.Select(part => part.Item2.Suites.Single(candidate => candidate.Id == "drift").Statistics!.Cases), Is.All.LessThan(suite.Statistics.Cases),
                "each part alone pairs only its own cases");
            Assert.That(Comparable(merged.Verdict), Is.EqualTo(Comparable(whole.Verdict)));
            Assert.That(Comparable(merged.Suites), Is.EqualTo(Comparable(whole.Suites)));
            Assert.That(Comparable(merged.Cases), Is.EqualTo(Comparable(whole.Cases)));
        });
    }

    [Test]
    public async Task The_split_is_the_same_on_every_run_and_every_case_is_in_exactly_one_part()
    {
        var first = await scenario.RunCandidateAsync(scenario.PathOf("a.json"), new RunShard(2, 3));
        var again = await scenario.RunCandidateAsync(scenario.PathOf("b.json"), new RunShard(2, 3));

        Assert.Multiple(() =>
        {
            Assert.That(again.Cases.Select(c => c.Name), Is.EqualTo(first.Cases.Select(c => c.Name)));
            Assert.That(first.Cases.Select(c => c.Position), Is.All.Matches<int>(position => position % 3 == 1));
            Assert.That(first.Environment.Shard, Is.EqualTo("2/3"));
        });
    }

    [Test]
    public async Task Parts_given_twice_or_from_different_runs_are_refused()
    {
        var first = await scenario.RunCandidateAsync(scenario.PathOf("p1.json"), new RunShard(1, 2));
        var second = await scenario.RunCandidateAsync(scenario.PathOf("p2.json"), new RunShard(2, 2));
        var replay = second with { Environment = second.Environment with { Mode = "replay" } };
        var overlapping = second with { Cases = [.. second.Cases, first.Cases[0]] };

        Assert.Multiple(() =>
        {
            Assert.That(() => RunReportMerger.Merge([("a.json", first), ("b.json", first)]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("part 1/2 is also a.json"));
            Assert.That(() => RunReportMerger.Merge([("a.json", first), ("b.json", replay)]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("only parts of one run"));
            Assert.That(() => RunReportMerger.Merge([("a.json", first), ("b.json", overlapping)]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("is also in a.json"));
        });
    }

    [Test]
    public async Task An_incomplete_set_of_parts_or_a_lone_part_is_refused()
    {
        var parts = new List<(string, RunReport)>();
        for (var index = 1; index <= 3; index++)
        {
            var file = scenario.PathOf($"part-{index}.json");
            await scenario.RunCandidateAsync(file, new RunShard(index, 3));
            parts.Add((file, RunReportJson.Read(File.ReadAllText(file), file)));
        }

        Assert.Multiple(() =>
        {
            Assert.That(() => RunReportMerger.Merge([parts[1], parts[2]]), Throws.TypeOf<InvalidDataException>()
                .With.Message.Contains("the reports are 2 of the 3 parts of a sharded run: part 1 is missing"));
            Assert.That(() => RunReportMerger.Merge([parts[1]]), Throws.TypeOf<InvalidDataException>()
                .With.Message.Contains("part-2.json is part 2/3 of a sharded run, and its verdict covers only that part's cases: parts 1, 3 are missing")
                .And.Message.Contains("Give the reports of all 3 parts"));
        });
    }

    [Test]
    public async Task Parts_of_runs_that_planned_other_cases_or_another_split_are_refused()
    {
        var first = await scenario.RunCandidateAsync(scenario.PathOf("a.json"), new RunShard(1, 2));
        var otherSelection = await scenario.RunCandidateAsync(scenario.PathOf("b.json"), new RunShard(2, 2), selection: new CaseSelection { Tags = ["even"] });
        var otherCount = await scenario.RunCandidateAsync(scenario.PathOf("c.json"), new RunShard(2, 3));
        var unsharded = await scenario.RunCandidateAsync(scenario.PathOf("d.json"));
        var older = first with { Environment = first.Environment with { PlanFingerprint = null } };

        Assert.Multiple(() =>
        {
            Assert.That(first.Environment.PlanFingerprint, Does.Match("^sha256:[0-9a-f]{64}$"));
            Assert.That(otherSelection.Environment.PlanFingerprint, Is.Not.EqualTo(first.Environment.PlanFingerprint));
            Assert.That(() => RunReportMerger.Merge([("a.json", first), ("b.json", otherSelection)]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("planned other cases"));
            Assert.That(() => RunReportMerger.Merge([("a.json", first), ("c.json", otherCount)]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("is one of 3 parts, but a.json is one of 2"));
            Assert.That(() => RunReportMerger.Merge([("a.json", first), ("d.json", unsharded)]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("d.json: not a part of a sharded run"));
            Assert.That(() => RunReportMerger.Merge([("a.json", older)]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("records no plan fingerprint"));
            Assert.That(RunReportMerger.Merge([("d.json", unsharded)]), Is.SameAs(unsharded), "a whole run's report renders as it is");
        });
    }

    [Test]
    public async Task The_plan_fingerprint_is_the_same_in_every_part_and_for_a_selection_in_another_order()
    {
        var first = await scenario.RunCandidateAsync(scenario.PathOf("a.json"), new RunShard(1, 2), selection: new CaseSelection { Tags = ["even", "odd"] });
        var second = await scenario.RunCandidateAsync(scenario.PathOf("b.json"), new RunShard(2, 2), selection: new CaseSelection { Tags = ["odd", "even"] });

        Assert.That(second.Environment.PlanFingerprint, Is.EqualTo(first.Environment.PlanFingerprint));
    }

    /// <summary>JSON of a report part without what differs between any two runs (durations, the p95 latency, times).</summary>
    private static string Comparable<T>(T value)
    {
        var node = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(value, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }))!;
        if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                item.Remove("DurationMs");
                (item["Figures"] as JsonObject)?.Remove("LatencyP95Ms");
                foreach (var repeat in (item["Repeats"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    repeat.Remove("DurationMs");
                }
            }
        }

        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
