using System.CommandLine;
using System.CommandLine.Parsing;
using LlmGuard.Planning;
using LlmGuard.Text;

namespace LlmGuard.Cli;

/// <summary>Options shared by several commands, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    private const string DefaultSuites = "suites";

    public static Option<string> Suites() => new("--suites")
    {
        Description = "A suite file or a folder of suites (*.yaml, *.yml, searched recursively); suite paths may also be given as plain arguments.",
        DefaultValueFactory = _ => DefaultSuites,
    };

    /// <summary>Suite files or folders given as plain arguments (<c>llmguard validate suites/a.yaml suites/b.yaml</c>).</summary>
    public static Argument<string[]> SuitePaths()
    {
        var paths = new Argument<string[]>("suite-paths")
        {
            Description = "Suite files or folders, as with --suites.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(RefuseOptionLikeValues);
        return paths;
    }

    /// <summary>The suite paths of a command: its plain arguments and an explicit --suites, else the default folder.</summary>
    public static IReadOnlyList<string> SuitePaths(ParseResult parseResult, Argument<string[]> paths, Option<string> suites)
    {
        var given = (parseResult.GetValue(paths) ?? []).ToList();
        if (parseResult.GetResult(suites) is { Implicit: false })
        {
            given.Add(parseResult.GetValue(suites)!);
        }

        return given.Count > 0 ? given : [DefaultSuites];
    }

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

    public static Option<string[]> Tag() => new("--tag")
    {
        Description = "Only cases with this tag (repeatable).",
    };

    /// <summary>The cases chosen by <c>--suite</c>, <c>--case</c> and <c>--tag</c>.</summary>
    public static CaseSelection Selection(ParseResult parseResult, Option<string[]> suite, Option<string[]> caseOption, Option<string[]> tag) => new()
    {
        Suites = parseResult.GetValue(suite) ?? [],
        Cases = parseResult.GetValue(caseOption) ?? [],
        Tags = parseResult.GetValue(tag) ?? [],
    };

    /// <summary><c>--concurrency</c>, held to 1–1024 for every command that calls models.</summary>
    public static Option<int> Concurrency()
    {
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many cases call models at once.",
            DefaultValueFactory = _ => RunOptions.DefaultConcurrency,
        };
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1024)
            {
                result.AddError("--concurrency must be between 1 and 1024.");
            }
        });
        return concurrency;
    }

    /// <summary><c>--report format=path</c>, repeatable: the reports to write when the run finishes.</summary>
    public static Option<string[]> Report()
    {
        var option = new Option<string[]>("--report")
        {
            Description = $"Write a report when the run finishes: format=path, where format is {string.Join(", ", ReportRequests.Names)} (repeatable), e.g. --report html=llmguard-report.html.",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!ReportRequests.TryParse(text, out _, out var error))
                {
                    result.AddError(error!);
                }
            }
        });
        return option;
    }

    /// <summary>The parsed values of <see cref="Report"/> (already validated).</summary>
    public static IReadOnlyList<ReportRequest> Reports(ParseResult parseResult, Option<string[]> option) =>
        [.. (parseResult.GetValue(option) ?? []).Select(text => ReportRequests.TryParse(text, out var request, out _) ? request! : throw new ArgumentException(text))];

    /// <summary>"Unknown option '--suitse'. Did you mean '--suites'?", from the options of the command being parsed.</summary>
    public static string UnknownOption(string token, Command command)
    {
        var known = command.Options.SelectMany(option => option.Aliases.Prepend(option.Name)).Where(name => name.StartsWith('-')).Distinct().ToList();
        var suggestion = Suggestions.Closest(token, known);
        return $"Unknown option '{token}'." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?");
    }

    /// <summary>A plain argument that starts with '-' is a mistyped option, not a path (write ./-file for such a file).</summary>
    private static void RefuseOptionLikeValues(ArgumentResult result)
    {
        foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-')))
        {
            result.AddError(UnknownOption(token.Value, ((CommandResult)result.Parent!).Command));
        }
    }
}
