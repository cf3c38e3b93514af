
namespace LlmGuard.NUnit.Sample;

/// <summary>Suites that do not validate: one failing test lists every diagnostic.</summary>
[LlmGuardSuites("%LLMGUARD_SAMPLE_INVALID_SUITES%")]
public sealed class InvalidSampleTests : LlmGuardFixture;
