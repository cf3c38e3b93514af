using LlmGuard.Security;

namespace LlmGuard.Tests.Security;

public sealed class KeyVariablesTests
{
    [TestCase("OPENAI_API_KEY")]
    [TestCase("VLLM_KEY")]
    [TestCase("HF_TOKEN")]
    [TestCase("team_openai_key")]
    public void Names_that_look_like_keys_are_allowed(string name) =>
        Assert.That(KeyVariables.Problem(name, _ => null), Is.Null);

    [TestCase("GITHUB_PAT", "does not look like a key variable")]
    [TestCase("DEPLOY_PASSWORD", "does not look like a key variable")]
    [TestCase("KEY", "does not look like a key variable")]
    [TestCase("_TOKEN", "does not look like a key variable")]
    [TestCase("A-B_KEY", "is not an environment variable name")]
    public void Other_names_are_refused(string name, string reason) =>
        Assert.That(KeyVariables.Problem(name, _ => null), Does.Contain(reason));

    [Test]
    public void The_environment_can_allow_other_names()
    {
        string? Environment(string name) => name == KeyVariables.AllowedVariable ? "FIRST; GITHUB_PAT,THIRD" : null;

        Assert.Multiple(() =>
        {
            Assert.That(KeyVariables.Problem("GITHUB_PAT", Environment), Is.Null);
            Assert.That(KeyVariables.Problem("DEPLOY_PASSWORD", Environment), Is.Not.Null);
        });
    }
}
