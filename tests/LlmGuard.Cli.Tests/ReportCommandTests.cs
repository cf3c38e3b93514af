using System.Text.Json.Nodes;
using System.Xml.Linq;
using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class ReportCommandTests
{
    [Test]
    public async Task Run_writes_every_report_asked_for_and_report_renders_them_again_from_the_json()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers["Capital of Spain?"] = "Madrid!";
        sample.WriteAnswers();
        string Report(string name) => sample.Workspace.PathOf("out/" + name);

        var run = await sample.RunAsync("run", "--report", "json=" + Report("results.json"), "--report", "markdown=" + Report("summary.md"),
            "--report", "junit=" + Report("junit.xml"), "--report", "html=" + Report("report.html"));
        var rendered = await InProcessCli.RunAsync("report", Report("results.json"), "--report", "md=" + Report("again.md"), "--report", "html=" + Report("again.html"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(JsonNode.Parse(File.ReadAllText(Report("results.json")))!["cases"]!.AsArray(), Has.Count.EqualTo(5));
            Assert.That(File.ReadAllText(Report("summary.md")), Does.StartWith("## ❌ LlmGuard: gate failed"));
            Assert.That(XDocument.Load(Report("junit.xml")).Descendants("testcase").Count(), Is.EqualTo(5));
            Assert.That(File.ReadAllText(Report("report.html")), Does.Contain("geo/spain"));
            Assert.That(rendered.ExitCode, Is.EqualTo(1), "the saved verdict's exit code");
            Assert.That(rendered.Out, Does.Contain("FAIL geo:").And.Contain("Gate failed. Exit code 1."));
            Assert.That(File.ReadAllText(Report("again.md")), Is.EqualTo(File.ReadAllText(Report("summary.md"))));
            Assert.That(File.ReadAllText(Report("again.html")), Is.EqualTo(File.ReadAllText(Report("report.html"))));
        });
    }

    [Test]
    public async Task Shards_run_from_the_command_line_merge_into_the_unsharded_verdict()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers["Capital of Spain?"] = "Madrid!";
        sample.WriteAnswers();
        var whole = sample.Workspace.PathOf("whole.json");
        await sample.RunAsync("run", "--report", "json=" + whole);
        var parts = new List<string>();
        for (var index = 1; index <= 3; index++)
        {
            parts.Add(sample.Workspace.PathOf($"part-{index}.json"));
            await sample.RunAsync("run", "--shard", $"{index}/3", "--report", "json=" + parts[^1]);
        }

        var merged = sample.Workspace.PathOf("merged.json");
        var report = await InProcessCli.RunAsync(["report", .. parts, "--report", "json=" + merged]);

        static JsonNode? Part(string file, string name) => WithoutLatency(JsonNode.Parse(File.ReadAllText(file))![name]);

        // The p95 latency comes from each run's own timings: the only figure an unsharded run and its shards may not share.
        static JsonNode? WithoutLatency(JsonNode? part)
        {
            foreach (var suite in (part as JsonArray ?? []).OfType<JsonObject>())
            {
                (suite["figures"] as JsonObject)?.Remove("latency_p95_ms");
                foreach (var rule in ((suite["gate"] as JsonObject)?["rule_results"] as JsonArray ?? []).OfType<JsonObject>().Where(rule => (string?)rule["rule"] == "max_latency_p95"))
                {
                    rule.Remove("figure");
                }
            }

            return part;
        }
        Assert.Multiple(() =>
        {
            Assert.That(report.ExitCode, Is.EqualTo(1), report.ToString());
            Assert.That(parts.Select(part => Part(part, "cases")!.AsArray().Count), Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(JsonNode.DeepEquals(Part(merged, "verdict"), Part(whole, "verdict")), Is.True);
            Assert.That(JsonNode.DeepEquals(Part(merged, "suites"), Part(whole, "suites")), Is.True);
        });
    }

    [Test]
    public async Task Report_refuses_a_sharded_run_with_a_part_missing_and_a_lone_part()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers["Capital of Spain?"] = "Madrid!";
        sample.WriteAnswers();
        var parts = new List<string>();
        for (var index = 1; index <= 3; index++)
        {
            parts.Add(sample.Workspace.PathOf($"part-{index}.json"));
            await sample.RunAsync("run", "--shard", $"{index}/3", "--report", "json=" + parts[^1]);
        }

        // Part 3 holds geo/spain, the one changed case: parts 1 and 2 pass on their own.
        var withoutThird = await InProcessCli.RunAsync("report", parts[0], parts[1], "--report", "md=" + sample.Workspace.PathOf("out.md"));
        var lone = await InProcessCli.RunAsync("report", parts[1]);
        var all = await InProcessCli.RunAsync("report", parts[2], parts[0], parts[1]);

        Assert.Multiple(() =>
        {
            Assert.That(withoutThird.ExitCode, Is.EqualTo(2), withoutThird.ToString());
            Assert.That(withoutThird.Error, Does.Contain("the reports are 2 of the 3 parts of a sharded run: part 3 is missing"));
            Assert.That(withoutThird.Out, Does.Not.Contain("Gate passed"));
            Assert.That(File.Exists(sample.Workspace.PathOf("out.md")), Is.False, "nothing is rendered");
            Assert.That(lone.ExitCode, Is.EqualTo(2), lone.ToString());
            Assert.That(lone.Error, Does.Contain("part-2.json is part 2/3 of a sharded run").And.Contain("parts 1, 3 are missing"));
            Assert.That(all.ExitCode, Is.EqualTo(1), all.ToString());
            Assert.That(all.Out, Does.Contain("Gate failed"));
        });
    }

    [TestCase("--report", "pdf=out.pdf", "unknown format 'pdf'")]
    [TestCase("--report", "html", "is not format=path")]
    [TestCase("--shard", "4/3", "--shard '4/3'")]
    [TestCase("--shard", "two", "is not i/n")]
    [TestCase("--shard", "0/0", "must be between 1 and 1000")]
    [TestCase("--shard", "1/1001", "must be between 1 and 1000")]
    [TestCase("--shard", "1/3\u001b[2J", "--shard '1/3\\u001B[2J' is not i/n")]
    public async Task A_bad_report_or_shard_option_is_invalid_input_before_anything_runs(string option, string value, string message)
    {
        using var sample = new SampleWorkspace();

        var run = await sample.RunAsync("run", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain(message));
        });
    }

    [Test]
    public async Task Two_reports_naming_one_file_or_a_report_naming_a_folder_stop_the_run_before_any_case()
    {
        using var sample = new SampleWorkspace();
        var file = sample.Workspace.PathOf("report.out");
        Directory.CreateDirectory(sample.Workspace.PathOf("folder"));

        var same = await sample.RunAsync("run", "--report", "json=" + file, "--report", "html=" + file);
        var folder = await sample.RunAsync("run", "--report", "html=" + sample.Workspace.PathOf("folder"));

        Assert.Multiple(() =>
        {
            Assert.That(same.ExitCode, Is.EqualTo(2));
            Assert.That(same.Error, Does.Contain("the json and html reports both name"));
            Assert.That(folder.ExitCode, Is.EqualTo(2));
            Assert.That(folder.Error, Does.Contain("is a folder"));
            Assert.That(Directory.Exists(sample.Workspace.PathOf("snapshots")), Is.False, "no case ran");
        });
    }

    [Test]
    public async Task Report_refuses_a_missing_file_a_results_stream_and_overlapping_parts()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var jsonl = sample.Workspace.PathOf("results.jsonl");
        var json = sample.Workspace.PathOf("results.json");
        await sample.RunAsync("run", "--results", jsonl, "--report", "json=" + json);

        var missing = await InProcessCli.RunAsync("report", sample.Workspace.PathOf("nope.json"));
        var stream = await InProcessCli.RunAsync("report", jsonl);
        var twice = await InProcessCli.RunAsync("report", json, json);

        Assert.Multiple(() =>
        {
            Assert.That(missing.ExitCode, Is.EqualTo(2));
            Assert.That(missing.Error, Does.Contain("nope.json: no such file"));
            Assert.That(stream.ExitCode, Is.EqualTo(2));
            Assert.That(stream.Error, Does.Contain("JSON Lines results stream"));
            Assert.That(twice.ExitCode, Is.EqualTo(2));
            Assert.That(twice.Error, Does.Contain("not a part of a sharded run"));
        });
    }

    [Test]
    public async Task Report_refuses_a_file_missing_a_required_field_or_holding_a_crafted_value_with_exit_code_2()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var json = sample.Workspace.PathOf("results.json");
        await sample.RunAsync("run", "--report", "json=" + json);
        string Crafted(string name, Action<JsonObject> change)
        {
            var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
            change(report);
            var file = sample.Workspace.PathOf(name);
            File.WriteAllText(file, report.ToJsonString());
            return file;
        }

        var withoutSuites = await InProcessCli.RunAsync("report", Crafted("no-suites.json", report => report.Remove("suites")));
        var withoutVersion = await InProcessCli.RunAsync("report", Crafted("no-version.json", report => report.Remove("version")));
        var negative = await InProcessCli.RunAsync("report", Crafted("negative.json", report => report["verdict"]!["total"] = -3));
        var hostile = await InProcessCli.RunAsync("report", Crafted("hostile.json", report => report["cases"] = new JsonArray(null, new JsonObject())));

        Assert.Multiple(() =>
        {
            Assert.That(withoutSuites.ExitCode, Is.EqualTo(2), withoutSuites.ToString());
            Assert.That(withoutSuites.Error, Does.Contain("no-suites.json: ").And.Contain("'suites'"));
            Assert.That(withoutVersion.ExitCode, Is.EqualTo(2), withoutVersion.ToString());
            Assert.That(withoutVersion.Error, Does.Contain("no-version.json: the results file has no valid \"version\""));
            Assert.That(negative.ExitCode, Is.EqualTo(2), negative.ToString());
            Assert.That(negative.Error, Does.Contain("negative.json: verdict.total: is negative"));
            Assert.That(hostile.ExitCode, Is.EqualTo(2), hostile.ToString());
            Assert.That(hostile.Error, Does.Contain("hostile.json: ").And.Not.Contain("NullReference"));
        });
    }
}
