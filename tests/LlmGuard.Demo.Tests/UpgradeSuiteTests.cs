using LlmGuard.NUnit;

namespace LlmGuard.Demo.Tests;

/// <summary>The offline upgrade demo's cases on their baseline model, verified against the snapshots committed beside the suite.</summary>
[LlmGuardSuites("../../suites/upgrade", Snapshots = "../../suites/upgrade/snapshots")]
public sealed class UpgradeSuiteTests : LlmGuardFixture;
