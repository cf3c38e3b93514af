using System.Text.Json.Nodes;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Providers.Tests.Infrastructure;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Providers.Tests;

/// <summary>
/// Tools, structured outputs, token usage and log-probabilities through each provider against the loopback OpenAI and
/// Ollama servers: what is sent, what is recorded, and how the next run compares.
/// </summary>
public sealed class StructuredAnswerTests
{
    private const string WeatherTools = """
        tools:
          - name: get_weather
            description: Current weather in a city.
            parameters:
              type: object
              required: [city]
              properties:
                city: { type: string }
                unit: { type: string, enum: [celsius, fahrenheit] }
          - name: get_time
            parameters:
              type: object
              properties:
                zone: { type: string }

        """;

    private LoopbackModelServer server = null!;

    [SetUp]
    public async Task SetUp() => server = await LoopbackModelServer.StartAsync();

    [TearDown]
    public async Task TearDown() => await server.DisposeAsync();

    [TestCase(ProviderNames.OpenAI)]
    [TestCase(ProviderNames.OpenAICompatible)]
    [TestCase(ProviderNames.AzureOpenAI)]
    [TestCase(ProviderNames.Ollama)]
    public async Task Parallel_tool_calls_are_recorded_canonically_and_verify_unchanged(string provider)
    {
        server.Reply = _ => new LoopbackReply(null)
        {
            ToolCalls = [("get_weather", """{"unit": "celsius", "city": "Paris"}"""), ("get_time", """{"zone":"Europe/Paris"}""")],
        };
        using var workspace = new SuiteWorkspace(WeatherTools + Suite(provider, "tool_choice: auto", "Weather and time in Paris?", expect: "- tool-called: get_weather\n- tool-args-schema: get_weather\n- tool-called: get_time"));

        var recorded = await workspace.RunAsync(RunMode.Update);
        var snapshot = workspace.ReadVerified("case-1");
        var verified = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(recorded.Results.Single().Outcome, Is.EqualTo(CaseOutcome.New), workspace.Report.ToString());
            Assert.That(snapshot, Does.Contain("\ntool_calls: 2\n---\n--- tool call 1: get_weather\n{\n  \"city\": \"Paris\",\n  \"unit\": \"celsius\"\n}\n--- tool call 2: get_time\n{\n  \"zone\": \"Europe/Paris\"\n}"));
            Assert.That(snapshot, Does.Not.Contain("call_1"), "call ids are made up per call and never recorded");
            Assert.That(verified.Results.Single().Outcome, Is.EqualTo(CaseOutcome.Unchanged), workspace.Report.ToString());
            Assert.That(verified.Results.Single().ToolCalls.Select(call => call.Arguments), Is.EqualTo(new[] { """{"city":"Paris","unit":"celsius"}""", """{"zone":"Europe/Paris"}""" }));
        });

        var body = server.ChatRequests.First().Json;
        var tools = body["tools"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(tool => tool!["function"]!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "get_weather", "get_time" }));
            Assert.That(tools[0]!["function"]!["parameters"]!["required"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("city"));
            Assert.That(tools[0]!["function"]!["description"]!.GetValue<string>(), Is.EqualTo("Current weather in a city."));
            if (provider != ProviderNames.Ollama)
            {
                Assert.That(body["tool_choice"]!.GetValue<string>(), Is.EqualTo("auto"));
            }
        });
    }

    [TestCase("strict", CaseOutcome.Changed)]
    [TestCase("unordered", CaseOutcome.Equivalent)]
    [TestCase("superset", CaseOutcome.Equivalent)]
    [TestCase("subset", CaseOutcome.Equivalent)]
    public async Task Calls_in_another_order_compare_by_the_match_mode(string match, CaseOutcome expected)
    {
        (string, string)[] calls = [("get_weather", """{"city":"Paris"}"""), ("get_time", """{"zone":"UTC"}""")];
        server.Reply = _ => new LoopbackReply(null) { ToolCalls = calls };
        using var workspace = new SuiteWorkspace(WeatherTools + Suite(ProviderNames.OpenAI, "", "Weather and time?", compare: $"tool_calls: {{ match: {match} }}"));
        await workspace.RunAsync(RunMode.Update);

        calls = [calls[1], calls[0]];
        var result = (await workspace.RunAsync(RunMode.Verify)).Results.Single();

        Assert.That(result.Outcome, Is.EqualTo(expected), workspace.Report.ToString());
        if (expected == CaseOutcome.Changed)
        {
            Assert.That(result.Diff, Does.Contain("tool call 1 get_weather (received as call 2)").Or.Contain("tool call 1 get_weather: missing in received"));
        }
        else
        {
            Assert.That(result.Summary, Does.Contain("tool call order"));
        }
    }

    [Test]
    public async Task A_moved_argument_is_named_in_the_diff_and_ignored_or_tolerated_arguments_are_equivalent()
    {
        var latitude = "48.8566";
        var requestId = "r-1";
        server.Reply = _ => new LoopbackReply(null) { ToolCalls = [("get_weather", $$"""{"city":"Paris","lat":{{latitude}},"request_id":"{{requestId}}"}""")] };
        using var strict = new SuiteWorkspace(WeatherTools + Suite(ProviderNames.OpenAI, "", "Weather?"));
        using var lenient = new SuiteWorkspace(WeatherTools + Suite(ProviderNames.OpenAI, "", "Weather?", compare: "tool_calls: { ignore: [request_id], tolerance: { get_weather.lat: 0.001 } }"));
        await strict.RunAsync(RunMode.Update);
        await lenient.RunAsync(RunMode.Update);

        (latitude, requestId) = ("48.857", "r-2");
        var strictResult = (await strict.RunAsync(RunMode.Verify)).Results.Single();
        var lenientResult = (await lenient.RunAsync(RunMode.Verify)).Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(strictResult.Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(strictResult.Diff, Does.Contain("tool call 1 get_weather: $.lat: 48.8566 → 48.857").And.Contain("tool call 1 get_weather: $.request_id: \"r-1\" → \"r-2\""));
            Assert.That(lenientResult.Outcome, Is.EqualTo(CaseOutcome.Equivalent), lenient.Report.ToString());
            Assert.That(lenientResult.Summary, Does.Contain("ignored tool call arguments").And.Contain("within tolerance"));
        });
    }

    [Test]
    public async Task Malformed_argument_json_from_an_OpenAI_server_is_recorded_as_written_and_fails_the_schema_assertion()
    {
        server.Reply = _ => new LoopbackReply("Checking.") { ToolCalls = [("get_weather", """{"city": "Par""")] };
        using var workspace = new SuiteWorkspace(WeatherTools + Suite(ProviderNames.OpenAICompatible, "", "Weather?", expect: "- tool-called: get_weather\n- tool-args-schema: get_weather"));

        var first = (await workspace.RunAsync(RunMode.Update)).Results.Single();
        var snapshot = workspace.ReadVerified("case-1");
        var second = (await workspace.RunAsync(RunMode.Verify)).Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(first.Outcome, Is.EqualTo(CaseOutcome.AssertionFailed));
            Assert.That(first.AssertionFailures.Single().Message, Does.StartWith("tool-args-schema: ").And.Contain("call 1: the arguments are not a JSON object"));
            Assert.That(first.ToolCalls.Single().ArgumentsValid, Is.False);
            Assert.That(snapshot, Does.EndWith("---\nChecking.\n--- tool call 1: get_weather (arguments are not valid JSON)\n\"{\\\"city\\\": \\\"Par\""));
            Assert.That(second.ToolCalls.Single().Arguments, Is.EqualTo("""{"city": "Par"""));
            Assert.That(second.AssertionFailures, Has.Count.EqualTo(1), "only tool-args-schema fails; the text and the call are as recorded");
        });
    }

    [Test]
    public async Task Malformed_tool_arguments_from_Ollama_are_a_malformed_response()
    {
        server.Reply = _ => new LoopbackReply(null) { ToolCalls = [("get_weather", """{"city": "Par""")] };
        using var workspace = new SuiteWorkspace(WeatherTools + Suite(ProviderNames.Ollama, "", "Weather?"));

        var result = (await workspace.RunAsync(RunMode.Verify)).Results.Single();

        Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.ProviderError), workspace.Report.ToString());
        Assert.That(result.Failure!.Kind, Is.EqualTo("malformed-response"));
    }

    [TestCase(ProviderNames.OpenAI)]
    [TestCase(ProviderNames.Ollama)]
    public async Task A_tool_call_with_text_records_both_and_tool_choice_forces_the_tool(string provider)
    {
        server.Reply = _ => new LoopbackReply("Let me check the weather.") { ToolCalls = [("get_weather", """{"city":"Lyon"}""")] };
        var choice = provider == ProviderNames.Ollama ? "tool_choice: auto" : "tool_choice: get_weather";
        using var workspace = new SuiteWorkspace(WeatherTools + Suite(provider, choice, "Weather in Lyon?", expect: "- contains: weather\n- not-tool-called: get_time"));

        var result = (await workspace.RunAsync(RunMode.Update)).Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.New), workspace.Report.ToString());
            Assert.That(workspace.ReadVerified("case-1"), Does.EndWith("tool_calls: 1\n---\nLet me check the weather.\n--- tool call 1: get_weather\n{\n  \"city\": \"Lyon\"\n}"));
        });
        if (provider == ProviderNames.OpenAI)
        {
            var toolChoice = server.ChatRequests.Single().Json["tool_choice"]!;
            Assert.That(toolChoice["function"]!["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
        }
    }

    [Test]
    public async Task Earlier_tool_calls_and_tool_results_are_sent_as_the_conversation()
    {
        server.Answer = _ => "It is 21 °C in Paris.";
        using var workspace = new SuiteWorkspace(WeatherTools + $$"""
            id: suite
            target:
            {{Indent(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server))}}
            cases:
              - id: case-1
                messages:
                  - role: user
                    content: Weather in Paris?
                  - role: assistant
                    tool_calls:
                      - id: call_7
                        name: get_weather
                        arguments: { unit: celsius, city: Paris }
                  - role: tool
                    tool_call_id: call_7
                    content: '{"temperature": 21}'
            """);

        var result = (await workspace.RunAsync(RunMode.Update)).Results.Single();
        var messages = server.ChatRequests.Single().Json["messages"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.New), workspace.Report.ToString());
            Assert.That(messages.Select(m => m!["role"]!.GetValue<string>()), Is.EqualTo(new[] { "user", "assistant", "tool" }));
            Assert.That(messages[1]!["tool_calls"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("call_7"));
            Assert.That(JsonNode.Parse(messages[1]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>(), Is.EqualTo("Paris"));
            Assert.That(messages[2]!["tool_call_id"]!.GetValue<string>(), Is.EqualTo("call_7"));
            Assert.That(messages[2]!["content"]!.GetValue<string>(), Is.EqualTo("""{"temperature": 21}"""));
        });
    }

    [TestCase(ProviderNames.OpenAI)]
    [TestCase(ProviderNames.Ollama)]
    public async Task A_structured_output_that_violates_the_schema_fails_and_the_schema_is_sent_as_written(string provider)
    {
        server.Answer = _ => """{"name": "Ada", "age": "thirty"}""";
        const string Format = """
            response_format:
              json_schema:
                type: object
                required: [name, age]
                properties:
                  name: { type: string }
                  age: { type: integer }
              name: person
            """;
        using var workspace = new SuiteWorkspace(Suite(provider, Format, "Who is Ada?"));

        var result = (await workspace.RunAsync(RunMode.Update)).Results.Single();
        var body = server.ChatRequests.Single().Json;

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.AssertionFailed), workspace.Report.ToString());
            Assert.That(result.AssertionFailures.Single().Message, Does.StartWith("response_format (json-schema): ").And.Contain("age"));
            if (provider == ProviderNames.Ollama)
            {
                Assert.That(body["format"]!["properties"]!["age"]!["type"]!.GetValue<string>(), Is.EqualTo("integer"));
            }
            else
            {
                var format = body["response_format"]!;
                Assert.That(format["type"]!.GetValue<string>(), Is.EqualTo("json_schema"));
                Assert.That(format["json_schema"]!["name"]!.GetValue<string>(), Is.EqualTo("person"));
                Assert.That(format["json_schema"]!["strict"]!.GetValue<bool>(), Is.True);
                Assert.That(format["json_schema"]!["schema"]!.AsObject().ContainsKey("additionalProperties"), Is.False, "the schema is sent as written, not rewritten for strict mode");
            }
        });
    }

    [Test]
    public async Task Response_format_json_is_json_mode_and_a_text_answer_fails()
    {
        server.Answer = _ => "Sure! Here it is.";
        using var workspace = new SuiteWorkspace(Suite(ProviderNames.OpenAI, "response_format: json", "JSON please"));

        var result = (await workspace.RunAsync(RunMode.Update)).Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(server.ChatRequests.Single().Json["response_format"]!["type"]!.GetValue<string>(), Is.EqualTo("json_object"));
            Assert.That(result.AssertionFailures.Single().Message, Does.StartWith("response_format (is-json): "));
        });
    }

    [TestCase(ProviderNames.OpenAI, false)]
    [TestCase(ProviderNames.Ollama, false)]
    [TestCase(ProviderNames.OpenAICompatible, true)]
    public async Task Usage_is_the_providers_or_estimated_when_it_reports_none(string provider, bool withoutUsage)
    {
        server.Reply = _ => new LoopbackReply("Paris is the capital of France.") { Usage = withoutUsage ? null : (23, 7) };
        using var workspace = new SuiteWorkspace(Suite(provider, "", "Capital of France?"));

        var result = (await workspace.RunAsync(RunMode.Verify)).Results.Single();

        Assert.That(result.Usage, withoutUsage
            ? Is.EqualTo(new TokenUsage(4, 7, Estimated: true))
            : Is.EqualTo(new TokenUsage(23, 7)));
    }

    [TestCase(ProviderNames.OpenAICompatible, "base-model", "tuned-model")]
    [TestCase(ProviderNames.Ollama, LoopbackModelServer.OllamaModel, "qwen2.5:0.5b")]
    public async Task Likelihood_drift_of_an_unchanged_answer_is_measured_from_the_servers_logprobs_and_gated(string provider, string baseModel, string candidate)
    {
        server.ReplyByModel = (model, _) => new LoopbackReply("Paris.")
        {
            LogProbabilities = model == baseModel ? [("Paris", -0.05), (".", -0.01)] : [("Paris", -0.6), (".", -0.2)],
        };
        var target = ProviderRecordVerifyTests.TargetFor(provider, server).Replace(provider == ProviderNames.Ollama ? LoopbackModelServer.OllamaModel : "qwen2.5-7b-instruct", baseModel, StringComparison.Ordinal);
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(target, "Capital of France?") + "gate:\n  max_likelihood_shift: 0.2\n  fail_on_identity_change: false\n");
        await workspace.RunAsync(RunMode.Update);
        Assert.That(server.ChatRequests.Any(request => request.Json["logprobs"] is not null), Is.False, "a run of the recorded model asks for no log-probabilities");

        var run = await workspace.RunAsync(RunMode.Verify, model: candidate);
        var result = run.Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.Unchanged), workspace.Report.ToString());
            Assert.That(result.Likelihood, Is.Not.Null, workspace.Report.ToString());
            Assert.That(result.Likelihood!.BaselineMeanLogProbability, Is.EqualTo(-0.03).Within(1e-6), "OpenAI's SDK reads log-probabilities as float");
            Assert.That(result.Likelihood.CandidateMeanLogProbability, Is.EqualTo(-0.4).Within(1e-6));
            Assert.That(result.Likelihood.Method, Is.EqualTo("answer-logprobs"));
            Assert.That(result.Likelihood.MeanKlDivergence, Is.Null);
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
            Assert.That(run.Verdict.Suites.Single().Reasons.Single(), Does.Contain("likelihood of the baseline answer moved beyond ±0.2").And.Contain("case-1 (-0.3700)"));
        });
    }

    private string Suite(string provider, string targetExtra, string prompt, string expect = "", string compare = "")
    {
        var target = ProviderRecordVerifyTests.TargetFor(provider, server) + targetExtra;
        var caseLines = $"  - id: case-1\n    prompt: \"{prompt}\"\n";
        if (expect.Length > 0)
        {
            caseLines += "    expect:\n" + string.Concat(expect.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"      {line}\n"));
        }

        if (compare.Length > 0)
        {
            caseLines += $"    compare: {{ {compare} }}\n";
        }

        return $"id: suite\ntarget:\n{Indent(target)}\ncases:\n{caseLines}";
    }

    private static string Indent(string lines) =>
        string.Join("\n", lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => "  " + line.TrimEnd()));
}
