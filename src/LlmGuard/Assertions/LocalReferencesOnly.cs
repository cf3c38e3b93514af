using NJsonSchema;
using NJsonSchema.References;

namespace LlmGuard.Assertions;

/// <summary>
/// NJsonSchema's reference resolver with files and URLs refused: a schema from a suite resolves <c>$ref</c> only inside
/// itself, so loading or validating one never reads a file or reaches the network (an internal host, a server that never
/// answers). The loader refuses such references first, at their position; this is the second wall.
/// </summary>
internal sealed class LocalReferencesOnly(JsonSchema schema) : JsonReferenceResolver(new JsonSchemaAppender(schema, new DefaultTypeNameGenerator()))
{
    public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"the reference to the file '{filePath}' is refused: a schema may only refer to its own parts ('#/…')");

    public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"the reference to '{url}' is refused: a schema may only refer to its own parts ('#/…')");
}
