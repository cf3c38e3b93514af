using LlmGuard.Equivalence;
using LlmGuard.Results;
using LlmGuard.Suites;
using static LlmGuard.Tests.Equivalence.LadderTestData;

namespace LlmGuard.Tests.Equivalence;

/// <summary>Each step of the ladder on its own, then the ladder deciding with the first step that can.</summary>
public sealed class LadderStepTests
{
    private static LadderResult Compare(LadderInput input) => EquivalenceLadder.Offline.CompareAsync(input, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Test]
    public void Exact_finds_the_same_text_and_stops_the_ladder()
    {
        var result = Compare(Input("Paris.\r\n", "Paris.\n", Extract(ExtractPreset.FinalNumber)));
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings, Has.Count.EqualTo(1));
            Assert.That(result.IsIdentical, Is.True);
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.Unchanged));
        });
    }

    [Test]
    public void Exact_with_scrubbers_finds_outputs_equal_once_scrubbed_equivalent()
    {
        var input = Input("Order 123456 shipped.", "Order 987654 shipped.") with
        {
            Case = Case(scrub: [new ScrubberDefinition { BuiltIn = BuiltInScrubber.LongNumbers }]),
        };
        var result = Compare(input);
        Assert.Multiple(() =>
        {
            Assert.That(result.Decision!.Step, Is.EqualTo(LadderStep.Exact));
            Assert.That(result.Decision.Detail, Does.Contain("scrubbed values"));
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.Equivalent));
        });
    }

    [Test]
    public void Normalized_and_json_steps_decide_equivalent_within_their_mode_and_leave_a_real_difference_undecided()
    {
        var whitespace = Compare(Input("Paris  is\nthe capital.", "Paris is the capital.", new CompareOptions(CompareMode.Normalized)));
        var keyOrder = Compare(Input("{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"a\": 1.0}", new CompareOptions(CompareMode.Json)));
        var differs = Compare(Input("{\"a\": 1}", "{\"a\": 2}", new CompareOptions(CompareMode.Json)));
        Assert.Multiple(() =>
        {
            Assert.That((whitespace.Decision!.Step, whitespace.Outcome), Is.EqualTo((LadderStep.Normalized, CaseOutcome.Equivalent)));
            Assert.That((keyOrder.Decision!.Step, keyOrder.Outcome), Is.EqualTo((LadderStep.Json, CaseOutcome.Equivalent)));
            Assert.That(differs.Decision, Is.Null, "no step decided: a change");
            Assert.That(differs.Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(differs.Findings[^1].Detail, Does.Contain("$.a"));
        });
    }

    [Test]
    public void A_json_difference_is_left_to_a_later_step_that_knows_which_fields_matter()
    {
        var compare = new CompareOptions(CompareMode.Json) { Extract = new ExtractDefinition { JsonPaths = ["$.city"] } };
        var result = Compare(Input("{\"city\": \"Paris\", \"why\": \"It is the seat of government.\"}", "{\"city\": \"Paris\", \"why\": \"The government sits there.\"}", compare));
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings.Select(finding => finding.Step), Is.EqualTo(new[] { LadderStep.Exact, LadderStep.Json, LadderStep.Extract }));
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
        });
    }

    [Test]
    public void An_accepted_variant_is_unstable_not_changed()
    {
        var result = Compare(Input("The sky is blue.", "The sky looks blue.", variants: ["The sky looks blue.", "Blue."]));
        Assert.Multiple(() =>
        {
            Assert.That(result.Decision!.Step, Is.EqualTo(LadderStep.Variant));
            Assert.That(result.Decision.Detail, Is.EqualTo("matches accepted variant 2 of 3"));
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.Unstable));
            Assert.That(Compare(Input("The sky is blue.", "Green.", variants: ["Blue."])).Outcome, Is.EqualTo(CaseOutcome.Changed));
        });
    }

    [Test]
    public void Extract_decides_both_ways_and_abstains_when_the_baseline_has_no_answer()
    {
        var compare = Extract(ExtractPreset.FinalNumber);
        var same = Compare(Input("17 + 25 = 42. The answer is 42.", "Adding 17 and 25 gives 42.", compare));
        var changed = Compare(Input("17 + 25 = 42. The answer is 42.", "17 + 25 = 42. The answer is 43.", compare));
        var missing = Compare(Input("The answer is 42.", "I don't know.", compare));
        var nothing = Compare(Input("I don't know.", "No idea.", compare));
        Assert.Multiple(() =>
        {
            Assert.That((same.Decision!.Verdict, same.Outcome), Is.EqualTo((LadderVerdict.Equivalent, CaseOutcome.JudgedEquivalent)));
            Assert.That(same.Decision.Detail, Is.EqualTo("final-number: '42' in both"));
            Assert.That((changed.Decision!.Verdict, changed.Outcome), Is.EqualTo((LadderVerdict.Different, CaseOutcome.Changed)));
            Assert.That(changed.Decision.Detail, Is.EqualTo("final-number: '42' → '43'"));
            Assert.That(missing.Decision!.Detail, Does.Contain("missing from the output"));
            Assert.That(nothing.Decision, Is.Null);
            Assert.That(nothing.Findings[^1].Verdict, Is.EqualTo(LadderVerdict.Undecided));
        });
    }

    [Test]
    public void A_case_sensitive_pattern_finds_nothing_in_a_capitalized_baseline_so_the_step_abstains() =>
        Assert.That(Compare(Input("Sentiment: Negative", "negative", ExtractRegex(@"\b(positive|negative|neutral)\b", ignoreCase: true))).Decision,
            Is.Null, "ignore_case compares the extracted answers; the pattern itself stays case-sensitive unless it says (?i)");

    [Test]
    public void Extract_with_a_case_insensitive_pattern_and_ignore_case_matches_across_case()
    {
        var compare = ExtractRegex(@"(?i)\b(positive|negative|neutral)\b", ignoreCase: true);
        Assert.That(Compare(Input("Sentiment: Negative", "The review is negative.", compare)).Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
    }

    [Test]
    public void Assertions_step_accepts_outputs_that_both_hold_every_assertion()
    {
        var compare = new CompareOptions { Assertions = true };
        var expect = new[] { Contains("Canberra") };
        var held = Compare(Input("The capital of Australia is Canberra.", "Canberra is Australia's capital city.", compare, expect));
        var broken = Compare(Input("The capital of Australia is Canberra.", "The capital of Australia is Sydney.", compare, expect));
        var weakBaseline = Compare(Input("Sydney, I think.", "Canberra.", compare, expect));
        Assert.Multiple(() =>
        {
            Assert.That((held.Decision!.Step, held.Outcome, held.Decision.Score), Is.EqualTo((LadderStep.Assertions, CaseOutcome.JudgedEquivalent, (double?)1)));
            Assert.That((broken.Decision!.Verdict, broken.Outcome), Is.EqualTo((LadderVerdict.Different, CaseOutcome.Changed)));
            Assert.That(weakBaseline.Decision, Is.Null, "a baseline that fails an assertion vouches for nothing");
        });
    }

    [Test]
    public void Lexical_decides_equivalent_at_its_threshold_and_reports_its_score_below_it()
    {
        var compare = new CompareOptions { Lexical = new LexicalSimilarityDefinition(LexicalMetric.RougeL, 0.8) };
        var close = Compare(Input("The meeting is moved to Tuesday at ten.", "The meeting is moved to Tuesday at 10.", compare));
        var far = Compare(Input("The meeting is moved to Tuesday at ten.", "We now meet on Tuesday, ten o'clock.", compare));
        Assert.Multiple(() =>
        {
            Assert.That(close.Decision!.Step, Is.EqualTo(LadderStep.Lexical));
            Assert.That(close.Decision.Score, Is.EqualTo(0.875).Within(1e-9), "7 of 8 tokens in order");
            Assert.That(close.Decision.Threshold, Is.EqualTo(0.8));
            Assert.That(far.Decision, Is.Null);
            Assert.That(far.Findings[^1].Detail, Does.StartWith("rouge-l 0.").And.Contain("< 0.8"));
        });
    }

    [Test]
    public void The_first_deciding_step_wins_later_steps_do_not_run()
    {
        var compare = new CompareOptions
        {
            Extract = new ExtractDefinition { Preset = ExtractPreset.FinalNumber },
            Lexical = new LexicalSimilarityDefinition(LexicalMetric.TokenF1, 0.5),
        };
        var result = Compare(Input("So 2 + 2 = 4. The answer is 4.", "So 2 + 2 = 4. The answer is 5.", compare));
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings.Select(finding => finding.Step), Is.EqualTo(new[] { LadderStep.Exact, LadderStep.Extract }), "lexical never ran: a change in the number would have scored 0.9");
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.Changed));
        });
    }
}
