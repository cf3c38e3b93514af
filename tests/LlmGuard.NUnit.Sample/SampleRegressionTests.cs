
namespace LlmGuard.NUnit.Sample;

/// <summary>The suites the parity test generates: every case becomes a test named suite/case.</summary>
[LlmGuardSuites("%LLMGUARD_SAMPLE_SUITES%")]
public sealed class SampleRegressionTests : LlmGuardFixture;
