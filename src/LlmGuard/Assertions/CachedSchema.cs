using NJsonSchema;

namespace LlmGuard.Assertions;

/// <summary>A schema read from its text: an NJsonSchema schema, a boolean schema, or the reason it is unusable.</summary>
/// <param name="Schema">The parsed object schema.</param>
/// <param name="BooleanSchema">For the schemas <c>true</c> (accepts everything) and <c>false</c> (accepts nothing).</param>
/// <param name="Error">Why the schema cannot be used.</param>
internal sealed record CachedSchema(JsonSchema? Schema, bool? BooleanSchema, string? Error);
