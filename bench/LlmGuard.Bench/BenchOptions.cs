using System.Globalization;

namespace LlmGuard.Bench;

/// <summary>Reads <c>--name value</c> options of the bench commands.</summary>
internal static class BenchOptions
{
    public static string Text(string[] arguments, string name, string fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : fallback;
    }

    public static int Number(string[] arguments, string name, int fallback) =>
        int.Parse(Text(arguments, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static double Fraction(string[] arguments, string name, double fallback) =>
        double.Parse(Text(arguments, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static int[] Numbers(string[] arguments, string name, string fallback) =>
        [.. Text(arguments, name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part => int.Parse(part, CultureInfo.InvariantCulture))];
}
