using System.Text;
using LlmGuard.Planning;
using LlmGuard.Tests.Loading;

namespace LlmGuard.Tests.Planning;

public sealed class RequestFingerprintTests
{
    private const string Baseline = """
        id: fingerprint
        target:
          provider: openai
          model: gpt-4o-2024-08-06
          temperature: 0
          seed: 42
          max_tokens: 100
          top_p: 0.5
          top_k: 10
          stop: [END]
          system: Be brief.
          endpoint: https://api.openai.com/v1
          timeout: 30s
          options:
            alpha: 1
            beta: [x, y]
        cases:
          - id: greet
            tags: [smoke]
            vars:
              who: world
            prompt: Hello, {{who}}!
        """;

    private const string SameRequestRewritten = """
        # The baseline's request in flow style, other key order, other quoting, with comments.
        cases: [{prompt: 'Hello, {{ who }}!', vars: {who: "world"}, id: greet, tags: [smoke]}]   # one case
        target: {options: {beta: ["x", 'y'], alpha: 1}, system: "Be brief.", stop: "END", top_k: 10,
                 top_p: 0.50, max_tokens: 100, seed: 42, temperature: 0.0, model: "gpt-4o-2024-08-06", provider: openai,
                 endpoint: https://api.openai.com/v1, timeout: 30}
        id: fingerprint
        """;

    /// <summary>
    /// The SHA-256 of the normalized request, checked independently of the engine:
    /// {"format":1,"provider":"openai","model":"gpt-4o-2024-08-06","messages":[{"role":"system","content":"Be brief."},
    /// {"role":"user","content":"Hello, world!"}],"parameters":{"max_tokens":100,"options":{"alpha":1,"beta":["x","y"]},
    /// "seed":42,"stop":["END"],"temperature":0,"top_k":10,"top_p":0.5}} (one line, no spaces).
    /// If this changes, snapshots recorded before no longer match their requests: bump RequestFingerprint.FormatVersion.
    /// </summary>
    [Test]
    public void Is_stable_for_a_fixed_request() =>
        Assert.That(Fingerprint(Baseline), Is.EqualTo("sha256:cf29237fafd35335f9ebe2176d7353e22d57605da8077d5085cc9e6880013c2e"));

    [Test]
    public void Does_not_depend_on_yaml_formatting() =>
        Assert.That(Fingerprint(SameRequestRewritten), Is.EqualTo(Fingerprint(Baseline)));

    [Test]
    public void Does_not_depend_on_line_endings_of_the_file()
    {
        var crlf = Encoding.UTF8.GetBytes(Baseline.ReplaceLineEndings("\r\n"));
        var suite = SuiteFiles.LoadBytes(crlf).Suites.Single();
        Assert.That(Fingerprint(suite), Is.EqualTo(Fingerprint(Baseline)));
    }

    [Test]
    public void Does_not_depend_on_line_endings_inside_a_block_scalar()
    {
        const string Block = "prompt: |\n      Line one\n      Line two\n";
        var lf = Baseline.Replace("prompt: Hello, {{who}}!", Block.TrimEnd('\n'), StringComparison.Ordinal);
        var suite = SuiteFiles.LoadBytes(Encoding.UTF8.GetBytes(lf.ReplaceLineEndings("\r\n"))).Suites.Single();
        Assert.That(Fingerprint(suite), Is.EqualTo(Fingerprint(lf)));
    }

    [TestCase("prompt: Hello, {{who}}!", "prompt: Hello, {{who}}?", TestName = "Changes_with_the_prompt")]
    [TestCase("who: world", "who: moon", TestName = "Changes_with_a_variable_value")]
    [TestCase("system: Be brief.", "system: Be very brief.", TestName = "Changes_with_the_system_prompt")]
    [TestCase("provider: openai", "provider: azure-openai", TestName = "Changes_with_the_provider")]
    [TestCase("model: gpt-4o-2024-08-06", "model: gpt-4o-2024-11-20", TestName = "Changes_with_the_model")]
    [TestCase("temperature: 0", "temperature: 0.1", TestName = "Changes_with_the_temperature")]
    [TestCase("temperature: 0", "temperature: default", TestName = "Changes_with_temperature_default")]
    [TestCase("seed: 42", "seed: 43", TestName = "Changes_with_the_seed")]
    [TestCase("max_tokens: 100", "max_tokens: 101", TestName = "Changes_with_max_tokens")]
    [TestCase("top_p: 0.5", "top_p: 0.6", TestName = "Changes_with_top_p")]
    [TestCase("top_k: 10", "top_k: 11", TestName = "Changes_with_top_k")]
    [TestCase("stop: [END]", "stop: [END, STOP]", TestName = "Changes_with_the_stop_sequences")]
    [TestCase("alpha: 1", "alpha: 2", TestName = "Changes_with_an_option_value")]
    [TestCase("beta: [x, y]", "beta: [y, x]", TestName = "Changes_with_the_order_of_an_option_list")]
    [TestCase("    alpha: 1", "    alpha: 1\n    gamma: true", TestName = "Changes_with_an_added_option")]
    [TestCase("  seed: 42\n", "", TestName = "Changes_when_a_parameter_is_removed")]
    public void Changes_with_the_request(string original, string replacement) =>
        Assert.That(Fingerprint(Mutate(original, replacement)), Is.Not.EqualTo(Fingerprint(Baseline)));

    [Test]
    public void Changes_with_the_message_roles()
    {
        var asMessages = Baseline.Replace("prompt: Hello, {{who}}!", "messages:\n      - role: user\n        content: Hello, {{who}}!", StringComparison.Ordinal);
        var asSystem = asMessages.Replace("role: user", "role: system", StringComparison.Ordinal);
        Assert.That(Fingerprint(asMessages), Is.EqualTo(Fingerprint(Baseline)), "a prompt is a user message");
        Assert.That(Fingerprint(asSystem), Is.Not.EqualTo(Fingerprint(Baseline)));
    }

    [TestCase("endpoint: https://api.openai.com/v1", "endpoint: https://proxy.internal:8080/v1", TestName = "Unchanged_by_the_endpoint")]
    [TestCase("timeout: 30s", "timeout: 2m", TestName = "Unchanged_by_the_timeout")]
    [TestCase("tags: [smoke]", "tags: [smoke, nightly]", TestName = "Unchanged_by_case_tags")]
    [TestCase("  - id: greet", "  - id: greeting", TestName = "Unchanged_by_the_case_id")]
    [TestCase("id: fingerprint\n", "id: other-suite\ndescription: Renamed.\n", TestName = "Unchanged_by_suite_id_and_description")]
    [TestCase("  timeout: 30s", "  timeout: 30s\n  concurrency: 2\n  api_key_env: OTHER_KEY\n  pin:\n    resolved_model: gpt-4o-2024-08-06", TestName = "Unchanged_by_concurrency_key_variable_and_pins")]
    [TestCase("    prompt: Hello, {{who}}!", "    prompt: Hello, {{who}}!\n    expect:\n      - contains: Hello\n    compare: normalized\n    scrub: [guids]", TestName = "Unchanged_by_assertions_comparison_and_scrubbers")]
    public void Unchanged_by_what_is_not_sent(string original, string replacement) =>
        Assert.That(Fingerprint(Mutate(original, replacement)), Is.EqualTo(Fingerprint(Baseline)));

    private static string Mutate(string original, string replacement)
    {
        Assert.That(Baseline.Contains(original, StringComparison.Ordinal), Is.True, $"the mutation must apply: {original}");
        return Baseline.Replace(original, replacement, StringComparison.Ordinal);
    }

    private static string Fingerprint(string yaml) => Fingerprint(SuiteFiles.LoadValid(yaml));

    private static string Fingerprint(LlmGuard.Suites.Suite suite) => CasePlan.Create(suite, suite.Cases.Single()).Fingerprint;
}
