namespace LlmGuard.Suites;

/// <summary>The kind of answer a <c>response_format</c> asks for.</summary>
public enum ResponseFormatKind
{
    /// <summary><c>text</c>: plain text (the default; sent explicitly only when written).</summary>
    Text,

    /// <summary><c>json</c>: any JSON object (OpenAI's JSON mode, Ollama's <c>format: json</c>).</summary>
    Json,

    /// <summary><c>{ json_schema: … }</c>: JSON that follows the schema (OpenAI structured outputs, Ollama's <c>format</c> schema).</summary>
    JsonSchema,
}
