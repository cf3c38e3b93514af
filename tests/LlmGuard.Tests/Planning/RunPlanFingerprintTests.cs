using LlmGuard.Planning;

namespace LlmGuard.Tests.Planning;

public sealed class RunPlanFingerprintTests
{
    [Test]
    public void The_runs_per_case_and_the_comparison_sides_are_part_of_the_plan_and_a_plain_plan_is_unchanged_by_them()
    {
        var selection = new CaseSelection();
        var plain = RunPlanFingerprint.Compute(selection, null, []);

        Assert.Multiple(() =>
        {
            Assert.That(RunPlanFingerprint.Compute(selection, null, [], repeat: null, sides: []), Is.EqualTo(plain), "unset settings leave the plan as before");
            Assert.That(RunPlanFingerprint.Compute(selection, null, [], repeat: 3), Is.Not.EqualTo(plain));
            Assert.That(RunPlanFingerprint.Compute(selection, null, [], repeat: 3), Is.Not.EqualTo(RunPlanFingerprint.Compute(selection, null, [], repeat: 5)));
            Assert.That(RunPlanFingerprint.Compute(selection, null, [], sides: ["baseline: gpt-4o-2024-08-06"]),
                Is.Not.EqualTo(RunPlanFingerprint.Compute(selection, null, [], sides: ["baseline: gpt-4.1-2025-04-14"])));
        });
    }
}
