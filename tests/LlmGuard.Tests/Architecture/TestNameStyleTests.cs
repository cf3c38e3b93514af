namespace LlmGuard.Tests.Architecture;

public sealed class TestNameStyleTests
{
    [Test]
    public void Every_test_method_in_the_built_test_assemblies_is_named_as_a_sentence_in_snake_case()
    {
        var assemblies = TestMethodNames.AssembliesInBuildOutput();
        var methods = assemblies
            .SelectMany(assembly => TestMethodNames.In(assembly).Select(method => (Assembly: Path.GetFileName(assembly), Method: method)))
            .ToList();

        var offenders = methods
            .Select(test => (test.Assembly, test.Method, Problem: TestNameStyle.Problem(test.Method[(test.Method.LastIndexOf('.') + 1)..])))
            .Where(test => test.Problem is not null)
            .ToList();

        Assert.That(methods.Select(test => test.Method),
            Does.Contain($"{typeof(TestNameStyleTests).FullName}.{nameof(Every_test_method_in_the_built_test_assemblies_is_named_as_a_sentence_in_snake_case)}"),
            "the reader finds this very test");
        Assert.That(offenders, Is.Empty, () => $"Test methods not named as a sentence in snake case (the rule is in {nameof(TestNameStyle)}), "
            + $"checked in {string.Join(", ", assemblies.Select(Path.GetFileName))}:\n"
            + string.Join("\n", offenders.Select(test => $"{test.Assembly}: {test.Method}: {test.Problem}")));
    }

    [TestCase("A_valid_regex_is_accepted")]
    [TestCase("Ctrl_C_stops_starting_cases_keeps_what_finished_and_reports_a_partial_run")]
    [TestCase("Ollama_host_comes_from_endpoint_then_OLLAMA_HOST_then_default")]
    [TestCase("OpenAI_refuses_top_k")]
    [TestCase("Count_characters_counts_Unicode_scalar_values_like_EnumerateRunes")]
    [TestCase("Accepts_safe_ids")]
    public void Sentences_in_snake_case_are_in_the_style(string name) =>
        Assert.That(TestNameStyle.Problem(name), Is.Null);

    [TestCase("ValidRegex_IsAccepted", "fewer than three words")]
    [TestCase("JsonMode_ignores_key_order", "'JsonMode' is a PascalCase compound")]
    [TestCase("Regex_InvalidPattern_FailsInBothForms", "'InvalidPattern' is a PascalCase compound")]
    [TestCase("NotEquals", "not words joined by single underscores")]
    [TestCase("Floating", "not words joined by single underscores")]
    [TestCase("a_valid_regex_is_accepted", "not words joined by single underscores")]
    [TestCase("A_valid__regex", "not words joined by single underscores")]
    [TestCase("Another_order", "fewer than three words")]
    [TestCase("Contains_Fails_With_Excerpt", "most words after the first are capitalised")]
    public void Other_names_are_out_of_the_style_with_the_reason(string name, string reason) =>
        Assert.That(TestNameStyle.Problem(name), Does.StartWith(reason));
}
