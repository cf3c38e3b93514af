using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

public sealed class SuiteWarningsTests
{
    private static string SuiteWith(string model, string gate) => $"""
        id: warnings
        target:
          provider: openai
          model: {model}
        {gate}
        cases:
          - id: one
            prompt: Hi
        """;

    [Test]
    public void A_floating_model_is_a_warning_by_default()
    {
        var set = SuiteFiles.Load(SuiteWith("gpt-4o", ""));
        var diagnostic = set.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(set.HasErrors, Is.False);
            Assert.That(set.Suites, Has.Count.EqualTo(1), "a warning does not stop the suite");
            Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(diagnostic.Code, Is.EqualTo(DiagnosticCodes.FloatingModel));
            Assert.That((diagnostic.Location.Line, diagnostic.Location.Column), Is.EqualTo((4, 10)));
            Assert.That(diagnostic.Message, Does.Contain("gate.floating_model: error"));
        });
    }

    [Test]
    public void A_floating_model_is_a_warning_with_warn()
    {
        var set = SuiteFiles.Load(SuiteWith("gpt-4o", "gate: { floating_model: warn }"));
        Assert.That(set.Diagnostics.Select(d => (d.Severity, d.Code)), Is.EqualTo(new[] { (DiagnosticSeverity.Warning, DiagnosticCodes.FloatingModel) }));
    }

    [Test]
    public void A_floating_model_is_an_error_with_error()
    {
        var set = SuiteFiles.Load(SuiteWith("gpt-4o", "gate: { floating_model: error }"));
        Assert.That(set.Diagnostics.Select(d => (d.Severity, d.Code)), Is.EqualTo(new[] { (DiagnosticSeverity.Error, DiagnosticCodes.FloatingModel) }));
        Assert.That(set.Suites, Is.Empty);
    }

    [Test]
    public void A_floating_model_says_nothing_with_ignore()
    {
        var set = SuiteFiles.Load(SuiteWith("gpt-4o", "gate: { floating_model: ignore }"));
        Assert.That(set.Diagnostics, Is.Empty);
        Assert.That(set.Suites, Has.Count.EqualTo(1));
    }

    [TestCase("warn")]
    [TestCase("error")]
    [TestCase("ignore")]
    public void A_pinned_model_says_nothing(string policy) =>
        Assert.That(SuiteFiles.Load(SuiteWith("gpt-4o-2024-08-06", $"gate: {{ floating_model: {policy} }}")).Diagnostics, Is.Empty);

    [Test]
    public void An_unknown_policy_suggests_the_closest()
    {
        var diagnostic = SuiteFiles.Load(SuiteWith("gpt-4o-2024-08-06", "gate: { floating_model: eror }")).Diagnostics.Single();
        Assert.That(diagnostic.Code, Is.EqualTo(DiagnosticCodes.InvalidValue));
        Assert.That(diagnostic.Message, Does.Contain("Did you mean 'error'?"));
    }

    [Test]
    public void Temperature_default_is_advice_not_an_error()
    {
        var set = SuiteFiles.Load(SuiteWith("gpt-4o-2024-08-06", "").Replace("  model: gpt-4o-2024-08-06", "  model: gpt-4o-2024-08-06\n  temperature: default", StringComparison.Ordinal));
        var diagnostic = set.Diagnostics.Single();
        Assert.That((diagnostic.Severity, diagnostic.Code), Is.EqualTo((DiagnosticSeverity.Warning, DiagnosticCodes.ParameterAdvice)));
        Assert.That(set.Suites.Single().Target.Temperature, Is.Null);
    }

    [Test]
    public void A_problem_in_defaults_is_reported_once_not_per_case()
    {
        var set = SuiteFiles.Load("""
            id: once
            target: { provider: openai, model: gpt-4o-2024-08-06 }
            defaults:
              expect:
                - contains: "{{missing}}"
            cases:
              - { id: a, prompt: A }
              - { id: b, prompt: B }
            """);
        Assert.That(set.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.MissingVariable }));
    }
}
