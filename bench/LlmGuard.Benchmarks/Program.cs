using BenchmarkDotNet.Running;

namespace LlmGuard.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher over every benchmark class in this assembly, e.g.
/// <c>dotnet run -c Release --project bench/LlmGuard.Benchmarks -- --filter '*' --job short</c>.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks the arguments select (BenchmarkDotNet's command line).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
