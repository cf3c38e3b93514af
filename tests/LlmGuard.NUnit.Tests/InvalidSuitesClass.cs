namespace LlmGuard.NUnit.Tests;

/// <summary>Suites with errors. Abstract, so NUnit does not run it as a fixture of this project.</summary>
[LlmGuardSuites("TestData/invalid")]
internal abstract class InvalidSuitesClass : LlmGuardFixture;
