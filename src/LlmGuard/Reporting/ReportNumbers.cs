using System.Globalization;

namespace LlmGuard.Reporting;

/// <summary>Numbers of a report as the writers show them, culture-invariant.</summary>
internal static class ReportNumbers
{
    /// <summary>A score, share or log-probability with at most four decimals, e.g. <c>0.8125</c> or <c>-1.2</c>.</summary>
    public static string Decimal(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A signed value with four decimals, e.g. <c>+0.0312</c>.</summary>
    public static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    /// <summary>A share (0 to 1) as a percentage with at most one decimal, e.g. <c>87.5%</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A cost in US dollars, e.g. <c>$0.000125</c>.</summary>
    public static string Dollars(double cost) => "$" + cost.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A whole number, e.g. <c>1200</c>.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
