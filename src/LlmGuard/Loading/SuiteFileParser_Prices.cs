using LlmGuard.Suites;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The <c>prices</c> section: US dollars per million input and output tokens, per model, over the built-in defaults.</summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] PriceKeys = ["input", "output"];

    private SortedDictionary<string, ModelPrice> ParsePrices(YamlNode node)
    {
        var prices = new SortedDictionary<string, ModelPrice>(StringComparer.Ordinal);
        if (reader.IsNull(node))
        {
            return prices;
        }

        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'prices' must map model names to {{ input, output }} prices per million tokens, not {YamlNodeReader.Describe(node)}.");
            return prices;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } model })
            {
                reader.Error(keyNode, DiagnosticCodes.WrongType, $"Model names in 'prices' must be plain names, not {YamlNodeReader.Describe(keyNode)}.");
                continue;
            }

            if (reader.Mapping(valueNode, $"'prices.{model}'", PriceKeys) is not { } price)
            {
                continue;
            }

            double? Read(string key)
            {
                if (price.TryGetValue(key, out var amountNode))
                {
                    return reader.Number(amountNode, $"prices.{model}.{key}", 0, 1_000_000);
                }

                reader.Error(valueNode, DiagnosticCodes.MissingKey, $"'prices.{model}' is missing the required key '{key}' (US dollars per million {key} tokens).");
                return null;
            }

            var input = Read("input");
            var output = Read("output");
            if (input is { } inputPrice && output is { } outputPrice)
            {
                prices[model] = new ModelPrice(inputPrice, outputPrice);
            }
        }

        return prices;
    }
}
