using LlmGuard.Security;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

/// <summary>Credentials anywhere in a target's <c>options</c> are refused: options are copied verbatim into every snapshot header.</summary>
public sealed class SecretOptionsTests
{
    private static string SuiteWithOptions(string optionsLines) => $"""
        id: secrets
        target:
          provider: openai-compatible
          model: qwen2.5-7b-instruct
          endpoint: http://localhost:8000/v1
          options:
        {optionsLines}
        cases:
          - id: one
            prompt: Hi
        """;

    [Test]
    public void Secrets_in_nested_options_are_each_refused_at_their_key_with_the_dotted_path()
    {
        var set = SuiteFiles.Load(SuiteWithOptions("""
                headers:
                  Authorization: "Bearer abcdefgh12345"
                  X-Goog-Api-Key: AIzaSyA-not-a-real-key-0123456789abcd
                extra_body:
                  client_secret: s3cr3tvalue
            """));

        var errors = set.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(set.Suites, Is.Empty, "a suite with a secret must not load, so it can never reach a snapshot");
            Assert.That(errors.Select(e => e.Code), Is.All.EqualTo(DiagnosticCodes.SecretInSuite));
            Assert.That(errors.Select(e => (e.Location.Line, e.Location.Column, e.Message[..e.Message.IndexOf(" is not allowed", StringComparison.Ordinal)])), Is.EqualTo(new[]
            {
                (8, 7, "'options.headers.Authorization'"),
                (9, 7, "'options.headers.X-Goog-Api-Key'"),
                (11, 7, "'options.extra_body.client_secret'"),
            }));
            Assert.That(string.Join("\n", errors.Select(e => e.Message)), Does.Not.Contain("abcdefgh12345").And.Not.Contain("s3cr3tvalue").And.Not.Contain("AIza"),
                "the diagnostics never repeat the secret");
        });
    }

    [Test]
    public void A_secret_key_inside_a_list_is_refused_with_its_index()
    {
        var set = SuiteFiles.Load(SuiteWithOptions("""
                tools:
                  - name: search
                    auth: { access_token: abc }
            """));

        var error = set.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.SecretInSuite));
            Assert.That(error.Message, Does.StartWith("'options.tools[0].auth.access_token' is not allowed"));
            Assert.That((error.Location.Line, error.Location.Column), Is.EqualTo((9, 17)));
        });
    }

    [TestCase("note: \"Bearer abcdefgh12345\"", "an HTTP authorization header value")]
    [TestCase("note: sk-proj-notarealkey1234567890", "an OpenAI-style key")]
    [TestCase("note: AIzaSyA-not-a-real-key-0123456789abcd", "a Google API key")]
    [TestCase("note: [ok, \"Basic dXNlcjpwYXNzd29yZA==\"]", "an HTTP authorization header value")]
    public void A_value_that_looks_like_a_secret_is_refused_whatever_its_key(string optionLine, string kind)
    {
        var set = SuiteFiles.Load(SuiteWithOptions("    " + optionLine));

        var error = set.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.SecretInSuite));
            Assert.That(error.Message, Does.Contain("'options.note").And.Contain("looks like " + kind));
        });
    }

    [TestCase("api_key")]
    [TestCase("API-KEY")]
    [TestCase("apiKey")]
    [TestCase("x-api-key")]
    [TestCase("key")]
    [TestCase("token")]
    [TestCase("access_token")]
    [TestCase("refreshToken")]
    [TestCase("token_type")]
    [TestCase("client_secret")]
    [TestCase("password")]
    [TestCase("db_passwd")]
    [TestCase("Authorization")]
    [TestCase("proxy-authorization")]
    [TestCase("credentials")]
    [TestCase("aws_access_key_id")]
    [TestCase("private_key")]
    [TestCase("subscription_key")]
    public void Secret_names_are_recognised(string name) => Assert.That(SecretLikeness.IsSecretName(name), Is.True);

    [TestCase("max_tokens")]
    [TestCase("max_completion_tokens")]
    [TestCase("top_k")]
    [TestCase("keep_alive")]
    [TestCase("num_keep")]
    [TestCase("logit_bias")]
    [TestCase("top_logprobs")]
    [TestCase("reasoning_effort")]
    [TestCase("response_format")]
    [TestCase("service_tier")]
    [TestCase("user")]
    [TestCase("keywords")]
    [TestCase("tokenizer")]
    public void Ordinary_option_names_are_not_secret_names(string name) => Assert.That(SecretLikeness.IsSecretName(name), Is.False);

    [TestCase("Basic usage of the API")]
    [TestCase("sk-")]
    [TestCase("a bearer of news")]
    [TestCase("json_object")]
    public void Ordinary_values_do_not_look_like_secrets(string value) => Assert.That(SecretLikeness.DescribeSecretValue(value), Is.Null);

    [Test]
    public void Ordinary_nested_options_load()
    {
        var suite = SuiteFiles.LoadValid(SuiteWithOptions("""
                max_completion_tokens: 64
                logit_bias: { "50256": -100 }
                keep_alive: 5m
                response_format: { type: json_schema, json_schema: { name: answer, schema: { type: object, properties: { tokens: { type: integer } } } } }
            """));

        Assert.That(suite.Target.Options.Keys, Is.EquivalentTo(new[] { "max_completion_tokens", "logit_bias", "keep_alive", "response_format" }));
    }

    [Test]
    public void The_allowed_keys_of_target_never_advertise_the_refused_secret_keys()
    {
        var set = SuiteFiles.Load("""
            id: secrets
            target:
              provider: openai
              model: gpt-4o-2024-08-06
              flavour_of_the_month: vanilla
            cases:
              - id: one
                prompt: Hi
            """);

        var message = set.Diagnostics.Single(d => d.Code == DiagnosticCodes.UnknownKey).Message;
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("Allowed keys: adapter, adapter_scale, api_key_env,"));
            foreach (var refused in new[] { "api_key,", "apikey", "api-key", " key,", " token", "authorization", "password", "secret" })
            {
                Assert.That(message, Does.Not.Contain(refused));
            }
        });
    }

    [Test]
    public void A_near_miss_of_a_refused_key_is_not_suggested()
    {
        var set = SuiteFiles.Load("""
            id: secrets
            target:
              provider: openai
              model: gpt-4o-2024-08-06
              pasword: x
            cases:
              - id: one
                prompt: Hi
            """);

        Assert.That(set.Diagnostics.Single(d => d.Code == DiagnosticCodes.UnknownKey).Message, Does.Not.Contain("password"));
    }
}
