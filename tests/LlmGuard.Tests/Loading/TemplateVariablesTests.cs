using LlmGuard.Loading;


namespace LlmGuard.Tests.Loading;

public sealed class TemplateVariablesTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["country"] = "France",
        ["user.name"] = "Ada",
        ["_x-1"] = "y",
    };

    [TestCase("Capital of {{country}}?", "Capital of France?")]
    [TestCase("{{ country }} and {{country}}", "France and France")]
    [TestCase("Hi {{user.name}}, {{_x-1}}", "Hi Ada, y")]
    [TestCase("No placeholders", "No placeholders")]
    [TestCase("Single {country} braces", "Single {country} braces")]
    [TestCase("{{ 1st }} is not a name", "{{ 1st }} is not a name")]
    [TestCase("Line one\n{{country}}", "Line one\nFrance")]
    public void Placeholders_are_substituted_with_the_case_variables(string template, string expected)
    {
        var result = TemplateVariables.Substitute(template, Variables, out var missing);
        Assert.That(result, Is.EqualTo(expected));
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Values_are_not_substituted_again()
    {
        var variables = new Dictionary<string, string> { ["a"] = "{{b}}", ["b"] = "never" };
        Assert.That(TemplateVariables.Substitute("{{a}}", variables, out _), Is.EqualTo("{{b}}"));
    }

    [Test]
    public void Reports_missing_names_in_order_of_appearance_and_keeps_them()
    {
        var result = TemplateVariables.Substitute("{{contry}} / {{country}} / {{ city }}", Variables, out var missing);
        Assert.That(result, Is.EqualTo("{{contry}} / France / {{ city }}"));
        Assert.That(missing, Is.EqualTo(new[] { ("contry", 0), ("city", 27) }));
    }

    [Test]
    public void Names_are_case_sensitive()
    {
        TemplateVariables.Substitute("{{Country}}", Variables, out var missing);
        Assert.That(missing.Select(m => m.Name), Is.EqualTo(new[] { "Country" }));
    }

    [Test]
    public void Finds_every_placeholder_with_its_offset() =>
        Assert.That(TemplateVariables.AllPlaceholders("{{a}} {{ b }} {{a}}"), Is.EqualTo(new[] { ("a", 0), ("b", 6), ("a", 14) }));
}
