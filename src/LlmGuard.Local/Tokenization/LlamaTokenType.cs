namespace LlmGuard.Local.Tokenization;

/// <summary>The token kinds of <c>tokenizer.ggml.token_type</c>.</summary>
internal enum LlamaTokenType
{
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}
