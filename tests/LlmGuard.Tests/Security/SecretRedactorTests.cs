using LlmGuard.Security;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Security;

public sealed class SecretRedactorTests
{
    [TestCase("Authorization: Bearer abc.DEF-123_xyz", "Bearer abc.DEF-123_xyz")]
    [TestCase("header bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJhbGciOiJIUzI1NiJ9")]
    [TestCase("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz")]
    [TestCase("api-key: 0123456789abcdef", "0123456789abcdef")]
    [TestCase("request failed (api_key=s3cr3t-value, model=x)", "s3cr3t-value")]
    [TestCase("{\"apiKey\": \"s3cr3t-value\", \"model\": \"x\"}", "s3cr3t-value")]
    [TestCase("x-api-key='s3cr3t-value'", "s3cr3t-value")]
    [TestCase("access_token=tok_1234567", "tok_1234567")]
    [TestCase("AZURE_OPENAI_API_KEY=0123456789abcdef0123456789abcdef", "0123456789abcdef")]
    [TestCase("environment: MY_SERVICE_ACCESS_TOKEN: 'tok_1234567'", "tok_1234567")]
    [TestCase("Incorrect API key provided: sk-proj-AbCdEf123456_-xyz.", "sk-proj-AbCdEf123456_-xyz")]
    [TestCase("key sk-abcdefgh12 rejected", "sk-abcdefgh12")]
    public void Secrets_are_masked(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);

        Assert.Multiple(() =>
        {
            Assert.That(redacted, Does.Not.Contain(secret));
            Assert.That(redacted, Does.Contain(SecretRedactor.Mask));
        });
    }

    [Test]
    public void Only_the_secret_is_replaced_and_the_rest_of_the_message_is_kept()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SecretRedactor.Redact("401: Bearer abcdefgh is invalid"), Is.EqualTo("401: Bearer *** is invalid"));
            Assert.That(SecretRedactor.Redact("api_key=abc123, model=gpt-4o"), Is.EqualTo("api_key=***, model=gpt-4o"));
            Assert.That(SecretRedactor.Redact("{\"api-key\": \"abc123\"}"), Is.EqualTo("{\"api-key\": \"***\"}"));
            Assert.That(SecretRedactor.Redact("Incorrect API key provided: sk-abcdefghijkl."), Is.EqualTo("Incorrect API key provided: ***."));
        });
    }

    [TestCase("The server returned 503 Service Unavailable.")]
    [TestCase("model 'gpt-4o-mini' not found; see https://platform.openai.com/docs")]
    [TestCase("sk-short is too short to be a key")]
    [TestCase("task-abcdefghijkl is not an OpenAI key")]
    [TestCase("the option 'rapikey=on' names no secret")]
    [TestCase("")]
    public void Text_without_secrets_is_unchanged(string text) =>
        Assert.That(SecretRedactor.Redact(text), Is.EqualTo(text));

    [Test]
    public void Redacting_twice_changes_nothing_more()
    {
        var once = SecretRedactor.Redact("Bearer abcdefgh, api_key=xyz123, sk-abcdefghijkl");

        Assert.That(SecretRedactor.Redact(once), Is.EqualTo(once));
    }

    [Test]
    public void A_remembered_key_value_is_masked_whatever_it_looks_like_and_values_too_short_to_be_keys_are_not_remembered()
    {
        var value = "plain words " + Guid.NewGuid().ToString("N")[..6];
        SecretRedactor.AddKnownValue(value);
        SecretRedactor.AddKnownValue("abc");

        Assert.Multiple(() =>
        {
            Assert.That(SecretRedactor.Redact($"server said: {value}!"), Is.EqualTo("server said: ***!"));
            Assert.That(SecretRedactor.RedactKnownValues($"answer {value} api_key=x"), Is.EqualTo("answer *** api_key=x"), "answers lose only the remembered values");
            Assert.That(SecretRedactor.Redact("abc abcd"), Is.EqualTo("abc abcd"));
        });
    }

    [Test]
    public void A_remembered_key_value_is_masked_in_tool_call_names_and_arguments()
    {
        const string Key = "tool-call key 0451 remembered";
        SecretRedactor.AddKnownValue(Key);
        var clean = new ToolCall("lookup", """{"city":"Paris"}""");

        var calls = SecretRedactor.RedactKnownValues([clean, new ToolCall("send", $$"""{"token":"{{Key}}"}""")]);

        Assert.Multiple(() =>
        {
            Assert.That(calls[0], Is.SameAs(clean), "a call without the value is kept as it is");
            Assert.That(calls[1].Arguments, Is.EqualTo($$"""{"token":"{{SecretRedactor.Mask}}"}"""));
            Assert.That(calls.Select(call => call.ToString()), Has.None.Contain(Key));
        });
    }
}
