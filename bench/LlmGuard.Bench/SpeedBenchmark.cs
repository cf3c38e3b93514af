namespace LlmGuard.Bench;

/// <summary>Placeholder until the speed benchmark lands.</summary>
internal static class SpeedBenchmark
{
    public static int Run(string[] arguments) => arguments.Length;
}
