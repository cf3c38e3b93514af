using LlmGuard.NUnit;

namespace LlmGuard.Demo.Tests;

/// <summary>Every demo case is one test named suite/case, verified against the committed snapshot.</summary>
[LlmGuardSuites("../../suites/demo", Snapshots = "../../snapshots")]
public sealed class DemoSuiteTests : LlmGuardFixture;
