using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

/// <summary>What the loader makes of tools, tool choices, response formats, tool messages, tool-call comparison, budgets and prices.</summary>
public sealed class ToolsAndFormatParsingTests
{
    private static Suite Load(string name)
    {
        var set = new SuiteLoader(MalformedCorpus.KnownProviders).Load(Path.Combine(RepositoryRoot.Path, name));
        Assert.That(set.HasErrors, Is.False, string.Join("\n", set.Diagnostics));
        return set.Suites.Single();
    }

    [Test]
    public void The_tools_example_loads_into_the_suite_model()
    {
        var suite = Load("suites/examples/tools.yaml");
        var byId = suite.Cases.ToDictionary(c => c.Id);

        Assert.Multiple(() =>
        {
            Assert.That(suite.Tools.Select(t => t.Name), Is.EqualTo(new[] { "get_weather", "book_table" }));
            Assert.That(suite.Tools[0].ParametersSchemaJson, Does.StartWith("""{"additionalProperties":false,"properties":{"city":{"type":"string"}"""));
            Assert.That(suite.Target.ToolChoice, Is.EqualTo(new ToolChoice(ToolChoiceMode.Auto)));
            Assert.That(byId["must-book"].ToolChoice, Is.EqualTo(new ToolChoice(ToolChoiceMode.Function, "book_table")));
            Assert.That(byId["no-tools-for-small-talk"].ToolChoice!.Mode, Is.EqualTo(ToolChoiceMode.None));
            Assert.That(byId["weather-two-cities"].Expect.Select(a => a.Name), Is.EqualTo(new[] { "tool-called", "tool-args-schema", "not-tool-called" }));
            Assert.That(byId["weather-two-cities"].Expect[1].SchemaJson, Is.EqualTo(suite.Tools[0].ParametersSchemaJson));
            Assert.That(byId["weather-two-cities"].Compare.ToolCalls.Match, Is.EqualTo(ToolCallMatch.Unordered), "from the defaults");
            Assert.That(byId["weather-two-cities"].Compare.ToolCalls.Ignore.Single(), Is.EqualTo(new ToolArgumentSelector("book_table", ["request_id"])).Using<ToolArgumentSelector>((a, b) => a.ToString() == b.ToString()));
            Assert.That(byId["numbers-within-tolerance"].Compare.ToolCalls.Ignore.Single().Tool, Is.Null, "request_id without a tool name applies to every tool");
            var messages = byId["after-the-tool-result"].Messages;
            Assert.That(messages.Select(m => m.Role), Is.EqualTo(new[] { "user", "assistant", "tool" }));
            Assert.That(messages[1].ToolCalls.Single(), Is.EqualTo(new ToolCall("get_weather", """{"city":"Paris","unit":"celsius"}""") { Id = "call_1" }));
            Assert.That(messages[2].ToolCallId, Is.EqualTo("call_1"));
        });
    }

    [Test]
    public void Response_formats_budgets_and_prices_load()
    {
        var structured = Load("suites/examples/structured-output.yaml");
        var budgets = Load("suites/examples/budgets.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(structured.Target.ResponseFormat!.Kind, Is.EqualTo(ResponseFormatKind.JsonSchema));
            Assert.That(structured.Target.ResponseFormat.SchemaName, Is.EqualTo("order"));
            Assert.That(structured.Target.ResponseFormat.Strict, Is.True);
            Assert.That(structured.Cases[1].ResponseFormat!.Kind, Is.EqualTo(ResponseFormatKind.Json));
            Assert.That(structured.Cases[2].ResponseFormat!.Kind, Is.EqualTo(ResponseFormatKind.Text));
            Assert.That(budgets.Gate.MaxOutputTokensIncrease, Is.EqualTo(0.3).Within(1e-12));
            Assert.That(budgets.Gate.MaxCostIncrease, Is.EqualTo(0.5));
            Assert.That(budgets.Gate.MaxLatencyP95, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(budgets.Prices["ft:gpt-4o-mini-2024-07-18:acme::support-v2"], Is.EqualTo(new ModelPrice(0.30, 1.20)));
        });
    }

    [Test]
    public void Tools_and_formats_are_part_of_the_request_fingerprint_and_absent_ones_change_nothing()
    {
        var suite = Load("suites/examples/tools.yaml");
        var plan = CasePlan.Create(suite, suite.Cases[0]);
        var withoutTools = CasePlan.Create(suite with { Tools = [] }, suite.Cases[0] with { });
        var otherDescription = CasePlan.Create(suite with { Tools = [suite.Tools[0] with { Description = "Weather." }, suite.Tools[1]] }, suite.Cases[0]);
        var otherChoice = CasePlan.Create(suite, suite.Cases[0] with { ToolChoice = new ToolChoice(ToolChoiceMode.Required) });
        var demo = new SuiteLoader(MalformedCorpus.KnownProviders).Load(Path.Combine(RepositoryRoot.Path, "suites", "demo", "assistant.yaml")).Suites.Single();
        var recorded = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "snapshots", "demo-assistant", "story-dog.verified.txt"));

        Assert.Multiple(() =>
        {
            Assert.That(new[] { withoutTools.Fingerprint, otherDescription.Fingerprint, otherChoice.Fingerprint }, Has.None.EqualTo(plan.Fingerprint));
            Assert.That(recorded, Does.Contain($"request: {CasePlan.Create(demo, demo.Cases[0]).Fingerprint}\n"), "suites without tools keep their recorded fingerprints");
            Assert.That(RequestFingerprint.ParametersJson(suite.Target, CaseRequestSettings.For(suite, suite.Cases[1])), Does.Contain("\"tool_choice\":\"book_table\""));
        });
    }
}
