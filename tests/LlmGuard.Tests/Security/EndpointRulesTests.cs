using LlmGuard.Security;

namespace LlmGuard.Tests.Security;

public sealed class EndpointRulesTests
{
    [TestCase("https://api.openai.com/v1", false, true)]
    [TestCase("http://localhost:8000/v1", false, true)]
    [TestCase("gpu-box:11434", true, true)]
    [TestCase("gpu-box:11434", false, false)]
    [TestCase("ftp://models.example.com", false, false)]
    [TestCase("not a url", false, false)]
    [TestCase("file:///etc/passwd", false, false)]
    [TestCase("http://", false, false)]
    public void Only_http_and_https_addresses_with_a_host_are_endpoints(string text, bool allowBareHost, bool accepted) =>
        Assert.That(EndpointRules.Parse(text, allowBareHost, out _) is not null, Is.EqualTo(accepted));

    [TestCase("https://user:pw@models.example.com/v1", "credentials before its '@'")]
    [TestCase("https://models.example.com/v1?api_key=abc", "'api_key'")]
    [TestCase("https://models.example.com/v1?access_token=abc", "'access_token'")]
    [TestCase("https://models.example.com/v1?q=sk-abcdefghijklmnop", "'q'")]
    public void Credentials_in_an_endpoint_are_found(string text, string named) =>
        Assert.That(EndpointRules.CredentialProblem(EndpointRules.Parse(text, false, out _)!), Does.Contain(named));

    [Test]
    public void An_azure_api_version_query_is_no_credential() =>
        Assert.That(EndpointRules.CredentialProblem(new Uri("https://r.openai.azure.com/openai?api-version=2024-10-21")), Is.Null);

    [TestCase("https://models.example.com", true)]
    [TestCase("http://localhost:8000", true)]
    [TestCase("http://127.0.0.2:8000", true)]
    [TestCase("http://[::1]:8000", true)]
    [TestCase("http://0.0.0.0:11434", true)]
    [TestCase("http://models.example.com", false)]
    [TestCase("http://10.0.0.5:8000", false)]
    public void A_key_goes_only_over_https_or_to_this_machine(string address, bool allowed) =>
        Assert.That(EndpointRules.KeyTransportProblem(new Uri(address)) is null, Is.EqualTo(allowed));
}
