using LlmGuard.Comparison;

namespace LlmGuard.Tests.Comparison;

public sealed class SnapshotDiffTests
{
    private const string VerifiedPath = "snapshots/geo/capital.verified.txt";
    private const string ReceivedPath = "snapshots/geo/capital.received.txt";

    [Test]
    public void Equal_texts_give_an_empty_diff()
    {
        Assert.That(SnapshotDiff.Create("a\r\nb\n", "a\nb\n", VerifiedPath, ReceivedPath), Is.Empty);
    }

    [Test]
    public void One_changed_line_is_shown_with_three_lines_of_context()
    {
        var verified = string.Join("", Enumerable.Range(1, 10).Select(line => $"line {line}\n"));
        var received = verified.Replace("line 5\n", "line five\n", StringComparison.Ordinal);

        var diff = SnapshotDiff.Create(verified, received, VerifiedPath, ReceivedPath);

        Assert.That(diff, Is.EqualTo(
            "--- snapshots/geo/capital.verified.txt\n"
            + "+++ snapshots/geo/capital.received.txt\n"
            + "@@ -2,7 +2,7 @@\n"
            + " line 2\n line 3\n line 4\n"
            + "-line 5\n"
            + "+line five\n"
            + " line 6\n line 7\n line 8\n"));
    }

    [Test]
    public void Distant_changes_give_separate_hunks_and_close_ones_merge()
    {
        var verified = string.Join("", Enumerable.Range(1, 30).Select(line => $"{line}\n"));
        var received = verified.Replace("\n2\n", "\nTWO\n", StringComparison.Ordinal)
            .Replace("\n9\n", "\nNINE\n", StringComparison.Ordinal)
            .Replace("\n25\n", "\n", StringComparison.Ordinal);

        var hunkHeaders = SnapshotDiff.Create(verified, received, VerifiedPath, ReceivedPath)
            .Split('\n')
            .Where(line => line.StartsWith("@@", StringComparison.Ordinal));

        Assert.That(hunkHeaders, Is.EqualTo(new[] { "@@ -1,12 +1,12 @@", "@@ -22,7 +22,6 @@" }));
    }

    [Test]
    public void An_insertion_into_an_empty_text_is_a_hunk_at_line_zero()
    {
        var diff = SnapshotDiff.Create("", "hello\n", VerifiedPath, ReceivedPath);

        Assert.That(diff, Does.EndWith("@@ -0,0 +1,1 @@\n+hello\n"));
    }

    [Test]
    public void A_missing_final_newline_is_marked()
    {
        var diff = SnapshotDiff.Create("a\nb\n", "a\nb", VerifiedPath, ReceivedPath);

        Assert.That(diff, Does.EndWith("@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n"));
    }

    [Test]
    public void A_final_newline_missing_on_both_sides_is_not_marked()
    {
        var diff = SnapshotDiff.Create("x\nend", "y\nend", VerifiedPath, ReceivedPath);

        Assert.That(diff, Does.EndWith("-x\n+y\n end\n"));
        Assert.That(diff, Does.Not.Contain(SnapshotDiff.NoNewlineMarker));
    }

    [Test]
    public void The_line_count_bound_adds_a_truncation_notice()
    {
        var verified = string.Join("", Enumerable.Range(0, 2_000).Select(line => $"old {line}\n"));
        var received = string.Join("", Enumerable.Range(0, 2_000).Select(line => line % 2 == 0 ? $"old {line}\n" : $"new {line}\n"));

        var lines = SnapshotDiff.Create(verified, received, VerifiedPath, ReceivedPath, maxLines: 10).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(12), "10 lines, the notice and the empty string after the final LF");
            Assert.That(lines[10], Does.Match("^… diff truncated: [0-9]+ more lines$"));
            Assert.That(int.Parse(lines[10].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(2_000));
        });
    }

    [Test]
    public void A_change_beyond_the_work_bound_is_reported_as_too_large_instead_of_diffed()
    {
        // 100,000 lines changed every other line: the lines between the common start and end exceed the bound.
        var verified = string.Join("", Enumerable.Range(0, 100_000).Select(line => $"old {line}\n"));
        var received = "same\n" + string.Join("", Enumerable.Range(0, 100_000).Select(line => line % 2 == 0 ? $"old {line}\n" : $"new {line}\n"));
        verified = "same\n" + verified;

        var diff = SnapshotDiff.Create(verified, received, VerifiedPath, ReceivedPath);

        Assert.That(diff, Is.EqualTo(
            $"--- {VerifiedPath}\n+++ {ReceivedPath}\n"
            + "diff too large: 99999 lines differ from line 3; see the received file\n"));
    }

    [Test]
    public void A_change_in_the_middle_of_a_huge_output_is_diffed_after_the_common_lines_are_set_aside()
    {
        // 5 MB of short lines on each side, one line changed in the middle: the common lines are set aside, not diffed.
        var lines = Enumerable.Range(0, 500_000).Select(line => $"line {line}\n").ToList();
        var verified = string.Concat(lines);
        lines[250_000] = "changed\n";
        var received = string.Concat(lines);

        var diff = SnapshotDiff.Create(verified, received, VerifiedPath, ReceivedPath);

        Assert.That(diff, Is.EqualTo(
            $"--- {VerifiedPath}\n+++ {ReceivedPath}\n"
            + "@@ -249998,7 +249998,7 @@\n line 249997\n line 249998\n line 249999\n-line 250000\n+changed\n line 250001\n line 250002\n line 250003\n"));
    }

    [Test]
    public void Control_characters_of_the_outputs_are_escaped_so_a_diff_line_never_starts_another()
    {
        var diff = SnapshotDiff.Create("a\n", "b\u001b[2J\u2028forged: error\n", VerifiedPath, ReceivedPath);

        Assert.That(diff, Does.Contain("\n+b\\u001B[2J\\u2028forged: error\n"));
    }

    [Test]
    public void Cancellation_stops_a_diff()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => SnapshotDiff.Create("a\n", "b\n", VerifiedPath, ReceivedPath, cancellationToken: cancelled.Token));
    }

    [Test]
    public void The_default_bound_is_eighty_lines()
    {
        var verified = string.Join("", Enumerable.Range(0, 200).Select(line => $"a{line}\n"));
        var received = string.Join("", Enumerable.Range(0, 200).Select(line => $"b{line}\n"));

        var lines = SnapshotDiff.Create(verified, received, VerifiedPath, ReceivedPath).TrimEnd('\n').Split('\n');

        Assert.That(lines, Has.Length.EqualTo(81));
        Assert.That(lines[80], Is.EqualTo("… diff truncated: 323 more lines"));
    }

    [Test]
    public void A_gigantic_single_line_is_cut_to_the_line_bound()
    {
        var verified = new string('x', 5_000_000);
        var received = new string('y', 5_000_000);

        var diff = SnapshotDiff.Create(verified, received, VerifiedPath, ReceivedPath, maxLines: 80, maxLineLength: 300);
        var lines = diff.TrimEnd('\n').Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(diff, Has.Length.LessThan(2_000));
            Assert.That(lines.Skip(3).Where(line => line.Length > 1), Has.All.Matches<string>(line => line.Length <= 300 + 40));
            Assert.That(lines[3], Is.EqualTo("-" + new string('x', 299) + "… (4999701 more characters)"));
        });
    }

    [Test]
    public void A_line_cut_never_splits_a_surrogate_pair()
    {
        var diff = SnapshotDiff.Create("a\n", "b" + string.Concat(Enumerable.Repeat("😀", 10)) + "\n", VerifiedPath, ReceivedPath, maxLineLength: 4);

        Assert.That(diff, Does.Contain("\n+b😀… (18 more characters)\n"));
    }

    [Test]
    public void Two_close_changes_make_one_hunk_with_deletions_before_insertions()
    {
        var diff = SnapshotDiff.Create("alpha\nbeta\ngamma\ndelta\n", "alpha\nBETA\ngamma\nepsilon\nzeta\n", "v", "r");

        Assert.That(diff, Is.EqualTo("--- v\n+++ r\n@@ -1,4 +1,5 @@\n alpha\n-beta\n+BETA\n gamma\n-delta\n+epsilon\n+zeta\n"));
    }

    [Test]
    public void Invalid_bounds_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotDiff.Create("a", "b", VerifiedPath, ReceivedPath, maxLines: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotDiff.Create("a", "b", VerifiedPath, ReceivedPath, maxLineLength: 0));
        });
    }
}
