namespace LlmGuard.NUnit.Tests;

/// <summary>Suites that validate: two suites, tags, a gate that allows changes. Abstract, so NUnit does not run it as a fixture of this project.</summary>
[LlmGuardSuites("TestData/valid")]
internal abstract class ValidSuitesClass : LlmGuardFixture;
