using System.Text.RegularExpressions;

namespace LlmGuard.Loading;

/// <summary>
/// Recognizes model names that a provider may re-point to different weights: an OpenAI alias without a
/// date snapshot, an Ollama tag <c>latest</c> or no tag.
/// </summary>
internal static partial class FloatingModelNames
{
    /// <summary>Why the name floats, or null when it is pinned (or the provider has no such notion).</summary>
    public static string? Reason(string provider, string model)
    {
        switch (provider)
        {
            case "openai":
                if (model.StartsWith("ft:", StringComparison.Ordinal) || DatedSnapshot().IsMatch(model))
                {
                    return null;
                }

                return $"'{model}' is an alias that OpenAI re-points to newer snapshots; pin a dated snapshot such as '{model}-2024-08-06'";
            case "ollama":
                var colon = model.LastIndexOf(':');
                if (colon < 0)
                {
                    return $"'{model}' has no tag, so it means '{model}:latest', which changes whenever the model is pulled again; pin a tag (and a digest)";
                }

                return model[(colon + 1)..] == "latest"
                    ? $"'{model}' uses the tag 'latest', which changes whenever the model is pulled again; pin a specific tag (and a digest)"
                    : null;
            default:
                return null;
        }
    }

    [GeneratedRegex(@"-(\d{4}-\d{2}-\d{2}|\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedSnapshot();
}
