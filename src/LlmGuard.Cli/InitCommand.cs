using System.CommandLine;
using System.Reflection;
using LlmGuard.Gating;
using LlmGuard.Suites;

namespace LlmGuard.Cli;

/// <summary><c>llmguard init</c>: a starter suite and an NUnit test project that runs it.</summary>
internal static class InitCommand
{
    private const string StarterSuite = """
        # yaml-language-server: $schema=suite.schema.json
        # A starter suite. It runs offline against LlmGuard's built-in demo model; point 'target' at your own
        # model (see docs/providers.md), then record:  llmguard run --mode update
        id: starter
        description: First LlmGuard suite.
        target:
          provider: local
          model: demo
          temperature: 0
          seed: 42
          max_tokens: 24
        defaults:
          tags: [starter]
        cases:
          - id: greeting
            prompt: Say hello to {{name}}.
            vars: { name: the team }
            expect:
              - min-length: 1
          - id: summary
            messages:
              - role: system
                content: You answer in one short sentence.
              - role: user
                content: What does a regression test check?
            expect:
              - max-length: 400
        """;

    private const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <IsPackable>false</IsPackable>
            <IsTestProject>true</IsTestProject>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
            <PackageReference Include="NUnit" Version="4.4.0" />
            <PackageReference Include="NUnit3TestAdapter" Version="6.3.1" />
            <PackageReference Include="LlmGuard.NUnit" Version="{LlmGuardVersion}" />
          </ItemGroup>
        </Project>
        """;

    private const string TestClass = """
        using LlmGuard.NUnit;

        namespace ModelRegression;

        /// <summary>Every case of the suites folder becomes one NUnit test named suite/case.</summary>
        [LlmGuardSuites("../../suites", Snapshots = "../../snapshots")]
        public sealed class ModelRegressionTests : LlmGuardFixture;
        """;

    private const string VersionPlaceholder = "{LlmGuardVersion}";

    /// <summary>
    /// The exact version of the LlmGuard packages the created project references: the version of the running LlmGuard
    /// engine (all LlmGuard packages share it), without the build metadata after '+'.
    /// </summary>
    public static string PackageVersion { get; } = ReadPackageVersion(typeof(Suite).Assembly);

    private static string ReadPackageVersion(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational is { Length: > 0 }
            ? informational.Split('+')[0]
            : assembly.GetName().Version?.ToString(3) ?? throw new InvalidOperationException("The LlmGuard assembly has no version.");
    }

    private static string SuiteSchema()
    {
        using var stream = typeof(InitCommand).Assembly.GetManifestResourceStream("suite.schema.json")
            ?? throw new InvalidOperationException("The suite schema is not embedded in the llmguard assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().TrimEnd('\n');
    }

    public static Command Create(CliContext context)
    {
        var directory = new Option<string>("--directory")
        {
            Description = "Where to create suites/ and tests/ModelRegression/.",
            DefaultValueFactory = _ => ".",
        };
        var command = new Command("init", "Create a starter suite (suites/starter.yaml, with the suite JSON Schema beside it for editor completion) and an NUnit test project that runs it (tests/ModelRegression/). Never overwrites a file.")
        {
            directory,
        };
        command.SetAction(parseResult =>
        {
            var root = parseResult.GetValue(directory)!;
            var files = new (string Path, string Content)[]
            {
                (Path.Combine(root, "suites", "starter.yaml"), StarterSuite),
                (Path.Combine(root, "suites", "suite.schema.json"), SuiteSchema()),
                (Path.Combine(root, "tests", "ModelRegression", "ModelRegression.csproj"), TestProject.Replace(VersionPlaceholder, PackageVersion, StringComparison.Ordinal)),
                (Path.Combine(root, "tests", "ModelRegression", "ModelRegressionTests.cs"), TestClass),
            };
            var existing = files.Where(file => File.Exists(file.Path)).Select(file => file.Path).ToList();
            if (existing.Count > 0)
            {
                context.Error.WriteLine("Nothing created: these files already exist: " + string.Join(", ", existing));
                return ExitCodes.InvalidInput;
            }

            foreach (var (path, content) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content.ReplaceLineEndings("\n") + "\n");
                context.Out.WriteLine($"created {path}");
            }

            context.Out.WriteLine("Next: llmguard run --mode update   (records snapshots/), then llmguard run   (verifies them).");
            return ExitCodes.Passed;
        });
        return command;
    }
}
