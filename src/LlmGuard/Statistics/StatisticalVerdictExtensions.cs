namespace LlmGuard.Statistics;

/// <summary>The stable kebab-case names of the paired test's verdicts used in results and reports.</summary>
public static class StatisticalVerdictExtensions
{
    /// <summary>The stable name of a verdict, e.g. <c>significant-regression</c>.</summary>
    public static string ToName(this StatisticalVerdict verdict) => verdict switch
    {
        StatisticalVerdict.NoChange => "no-change",
        StatisticalVerdict.NotSignificant => "not-significant",
        StatisticalVerdict.SignificantRegression => "significant-regression",
        StatisticalVerdict.SignificantImprovement => "significant-improvement",
        StatisticalVerdict.Underpowered => "underpowered",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    /// <summary>Parses a stable name (as <see cref="ToName"/> writes it).</summary>
    public static bool TryParse(string? name, out StatisticalVerdict verdict)
    {
        foreach (var candidate in Enum.GetValues<StatisticalVerdict>())
        {
            if (candidate.ToName() == name)
            {
                verdict = candidate;
                return true;
            }
        }

        verdict = default;
        return false;
    }
}
