using LlmGuard.Execution;
using LlmGuard.Planning;
using LlmGuard.Suites;

namespace LlmGuard.Cli;

/// <summary>Everything a command touches outside its arguments, so tests can run the CLI in-process.</summary>
internal sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    bool IsTerminal,
    Func<string, string?> GetEnvironmentVariable,
    Func<ProviderRegistry> CreateRegistry)
{
    /// <summary>Where a confirmation is read from on a terminal; none in tests.</summary>
    public TextReader? In { get; init; }

    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null && !CiEnvironment.Current.IsCi,
        Environment.GetEnvironmentVariable,
        BuiltInProviders)
    {
        In = Console.In,
    };

    /// <summary>A new registry holding every built-in provider (<see cref="ProviderNames.All"/>).</summary>
    public static ProviderRegistry BuiltInProviders() =>
        new ProviderRegistry().AddOpenAI().AddAzureOpenAI().AddOpenAICompatible().AddOllama().AddLocal().AddScripted();
}
