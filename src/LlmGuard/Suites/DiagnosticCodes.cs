namespace LlmGuard.Suites;

/// <summary>The stable codes of suite diagnostics, documented in docs/suite-format.md.</summary>
public static class DiagnosticCodes
{
    /// <summary>The file is not valid YAML.</summary>
    public const string Syntax = "LG0001";

    /// <summary>The file is not valid UTF-8.</summary>
    public const string Encoding = "LG0002";

    /// <summary>A tab is used for indentation.</summary>
    public const string TabIndentation = "LG0003";

    /// <summary>The file is empty or its root is not a mapping.</summary>
    public const string EmptyOrNotMapping = "LG0004";

    /// <summary>The file could not be read.</summary>
    public const string Unreadable = "LG0005";

    /// <summary>A key is not part of the format.</summary>
    public const string UnknownKey = "LG1001";

    /// <summary>A value has the wrong type.</summary>
    public const string WrongType = "LG1002";

    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "LG1003";

    /// <summary>A value is not one of the allowed values.</summary>
    public const string InvalidValue = "LG1004";

    /// <summary>A suite has no cases.</summary>
    public const string NoCases = "LG1005";

    /// <summary>Two cases share an id.</summary>
    public const string DuplicateCaseId = "LG1006";

    /// <summary>An id cannot be used as a file name on every operating system.</summary>
    public const string UnsafeId = "LG1007";

    /// <summary>A template placeholder names a variable that is not defined.</summary>
    public const string MissingVariable = "LG1008";

    /// <summary>A regular expression does not parse.</summary>
    public const string InvalidRegex = "LG1009";

    /// <summary>A JSON Schema in an assertion is invalid.</summary>
    public const string InvalidJsonSchema = "LG1010";

    /// <summary>A case has both or neither of prompt and messages.</summary>
    public const string PromptOrMessages = "LG1011";

    /// <summary>Two suite files share an id.</summary>
    public const string DuplicateSuiteId = "LG1012";

    /// <summary>A number is outside its allowed range.</summary>
    public const string OutOfRange = "LG1013";

    /// <summary>An assertion name is unknown.</summary>
    public const string UnknownAssertion = "LG1014";

    /// <summary>The provider is not registered.</summary>
    public const string UnknownProvider = "LG1015";

    /// <summary>A secret is written in the suite.</summary>
    public const string SecretInSuite = "LG1016";

    /// <summary>The suite would send a key where the secrets policy forbids: over plain http to another machine, or from a variable that does not look like a key.</summary>
    public const string KeyPolicy = "LG1017";

    /// <summary>The model name floats: the provider may re-point it to another model.</summary>
    public const string FloatingModel = "LG2001";

    /// <summary>A parameter has a consequence the author should know about.</summary>
    public const string ParameterAdvice = "LG2002";
}
