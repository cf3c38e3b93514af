using System.CommandLine;

namespace LlmGuard.Cli;

/// <summary>Options shared by several commands, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Suites() => new("--suites")
    {
        Description = "A suite file or a folder of suites (*.yaml, *.yml, searched recursively).",
        DefaultValueFactory = _ => "suites",
    };

    public static Option<string> Snapshots() => new("--snapshots")
    {
        Description = "The snapshot folder.",
        DefaultValueFactory = _ => "snapshots",
    };

    public static Option<string[]> Suite() => new("--suite")
    {
        Description = "Only this suite id (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> Case() => new("--case")
    {
        Description = "Only this case id or suite/case name (repeatable).",
    };
}
