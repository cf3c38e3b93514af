using System.Text.Json;
using LlmGuard.Text;

namespace LlmGuard.Tests.Text;

public sealed class JsonPathExpressionTests
{
    private const string Document = """{"order": {"items": [{"name": "tea"}, {"name": "milk"}], "a key": 3, "total": 12.50}}""";

    [TestCase("$.order.items[0].name", "\"tea\"")]
    [TestCase("$.order.items[-1].name", "\"milk\"")]
    [TestCase("$['order'][\"a key\"]", "3")]
    [TestCase("$.order.total", "12.5")]
    [TestCase("$", """{"order":{"a key":3,"items":[{"name":"tea"},{"name":"milk"}],"total":12.5}}""")]
    public void A_path_selects_one_value_in_canonical_form(string path, string expected)
    {
        using var document = JsonDocument.Parse(Document);
        var selected = JsonPathExpression.TryParse(path, out var error)!.Select(document.RootElement);
        Assert.That(JsonPathExpression.Canonical(selected!.Value), Is.EqualTo(expected), error);
    }

    [TestCase("$.order.items[5]")]
    [TestCase("$.order.missing")]
    [TestCase("$.order.total.value")]
    public void A_path_that_leads_nowhere_selects_nothing(string path)
    {
        using var document = JsonDocument.Parse(Document);
        Assert.That(JsonPathExpression.TryParse(path, out _)!.Select(document.RootElement), Is.Null);
    }

    [TestCase("order.items", "starts with '$'")]
    [TestCase("$.items[*]", "wildcards and filters are not supported")]
    [TestCase("$..name", "a member name is expected after '.' at position 3")]
    [TestCase("$.a[0", "is not closed")]
    public void An_unsupported_path_says_why(string path, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(JsonPathExpression.TryParse(path, out var error), Is.Null);
            Assert.That(error, Does.Contain(reason));
        });
    }
}
