namespace LlmGuard.Suites;

/// <summary>The kinds of assertion a case can make about its output (each can be negated with a <c>not-</c> prefix).</summary>
public enum AssertionKind
{
    /// <summary><c>equals</c>: the output is exactly the text.</summary>
    EqualsText,

    /// <summary><c>contains</c>: the output contains the text.</summary>
    Contains,

    /// <summary><c>starts-with</c>: the output starts with the text.</summary>
    StartsWith,

    /// <summary><c>regex</c>: the output matches the .NET regular expression.</summary>
    Regex,

    /// <summary><c>is-json</c>: the output parses as JSON.</summary>
    IsJson,

    /// <summary><c>json-schema</c>: the output parses as JSON and validates against the schema.</summary>
    JsonSchema,

    /// <summary><c>min-length</c>: the output has at least this many characters.</summary>
    MinLength,

    /// <summary><c>max-length</c>: the output has at most this many characters.</summary>
    MaxLength,

    /// <summary><c>one-of</c>: the output (trimmed) is exactly one of the listed texts.</summary>
    OneOf,

    /// <summary><c>tool-called</c>: the answer calls the named tool.</summary>
    ToolCalled,

    /// <summary><c>tool-args-schema</c>: the answer calls the named tool, and the arguments of every such call validate against its declared parameters schema.</summary>
    ToolArgsSchema,
}
