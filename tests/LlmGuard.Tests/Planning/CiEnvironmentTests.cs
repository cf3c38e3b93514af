using LlmGuard.Planning;

namespace LlmGuard.Tests.Planning;

public sealed class CiEnvironmentTests
{
    [TestCase("CI", "true")]
    [TestCase("CI", "1")]
    [TestCase("CI", "yes")]
    [TestCase("GITHUB_ACTIONS", "true")]
    [TestCase("TF_BUILD", "True")]
    [TestCase("GITLAB_CI", "true")]
    [TestCase("JENKINS_URL", "https://jenkins.example/")]
    [TestCase("BUILD_NUMBER", "42")]
    [TestCase("CODEBUILD_BUILD_ID", "project:1234")]
    public void A_set_ci_variable_marks_a_ci_machine_and_names_itself(string name, string value)
    {
        var ci = CiEnvironment.Detect(Only(name, value));

        Assert.That(ci, Is.EqualTo(new CiEnvironment(true, $"{name} is set")));
    }

    [TestCase("false")]
    [TestCase("FALSE")]
    [TestCase("False")]
    [TestCase("0")]
    [TestCase("")]
    public void A_ci_variable_set_to_false_zero_or_nothing_is_not_ci(string value) =>
        Assert.That(CiEnvironment.Detect(Only("CI", value)), Is.EqualTo(new CiEnvironment(false, null)));

    [Test]
    public void No_ci_variable_is_not_ci() =>
        Assert.That(CiEnvironment.Detect(_ => null), Is.EqualTo(new CiEnvironment(false, null)));

    [Test]
    public void A_false_ci_does_not_hide_another_ci_variable() =>
        Assert.That(CiEnvironment.Detect(name => name switch { "CI" => "false", "GITHUB_ACTIONS" => "true", _ => null }).Reason, Is.EqualTo("GITHUB_ACTIONS is set"));

    [Test]
    public void Every_known_variable_is_checked()
    {
        foreach (var name in CiEnvironment.Variables)
        {
            Assert.That(CiEnvironment.Detect(Only(name, "true")).IsCi, Is.True, name);
        }
    }

    private static Func<string, string?> Only(string name, string value) => requested => requested == name ? value : null;
}
