using System.Text;
using System.Text.RegularExpressions;
using LlmGuard.Cli.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// The CI examples (docs/ci/*.yml and the YAML blocks of docs/ci.md) are YAML, and every <c>llmguard</c> command line in
/// their scripts parses with the real command line: only commands and options that exist.
/// </summary>
public sealed partial class CiWorkflowTests
{
    private static readonly string Docs = Path.Combine(RepositoryRoot.Path, "docs");

    private static IEnumerable<TestCaseData> Examples()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Docs, "ci"), "*.yml").Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(File.ReadAllText(file), true).SetArgDisplayNames("ci/" + Path.GetFileName(file));
        }

        var blocks = YamlBlock().Matches(File.ReadAllText(Path.Combine(Docs, "ci.md")));
        for (var i = 0; i < blocks.Count; i++)
        {
            yield return new TestCaseData(Dedent(blocks[i].Groups[1].Value), false).SetArgDisplayNames($"ci.md block {i + 1}");
        }
    }

    [TestCaseSource(nameof(Examples))]
    public void Every_llmguard_command_in_the_example_exists_with_the_options_it_uses(string yaml, bool workflow)
    {
        var commands = LlmguardCommands(yaml);
        if (workflow)
        {
            Assert.That(commands, Is.Not.Empty, "the workflow runs llmguard");
        }

        var root = CliApplication.CreateRoot(new CliContext(TextWriter.Null, TextWriter.Null, IsTerminal: false, _ => null, CliContext.BuiltInProviders));
        Assert.Multiple(() =>
        {
            foreach (var command in commands)
            {
                var parsed = root.Parse(command);
                Assert.That(parsed.Errors.Select(error => error.Message), Is.Empty, "llmguard " + string.Join(' ', command));
                Assert.That(root.Subcommands.Select(subcommand => subcommand.Name), Does.Contain(command[0]));
            }
        });
    }

    [Test]
    public void The_examples_run_the_gate_render_reports_and_merge_shards()
    {
        var all = Examples().SelectMany(example => LlmguardCommands((string)example.Arguments[0]!)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(all.Select(command => command[0]), Is.SupersetOf(new[] { "run", "report", "validate" }));
            Assert.That(all.SelectMany(command => command).Where(token => token.Contains('=', StringComparison.Ordinal)).Select(token => token.Split('=')[0]).Distinct(),
                Is.SupersetOf(new[] { "json", "markdown", "junit", "html" }));
            Assert.That(all.Any(command => command.Contains("--shard")), Is.True);
        });
    }

    [Test]
    public void Secrets_reach_only_the_steps_that_run_the_models()
    {
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Docs, "ci"), "*.yml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            static bool HasSecret(YamlNode? node) => node is not null && Flatten(node).Any(text => text.Contains("secrets.", StringComparison.Ordinal));
            var name = Path.GetFileName(file);
            if (root.Children.TryGetValue("env", out var workflowEnv) && HasSecret(workflowEnv))
            {
                problems.Add($"{name}: the workflow's env holds a secret");
            }

            foreach (var (jobName, jobNode) in ((YamlMappingNode)root["jobs"]).Children)
            {
                var job = (YamlMappingNode)jobNode;
                if (job.Children.TryGetValue("env", out var jobEnv) && HasSecret(jobEnv))
                {
                    problems.Add($"{name}: job {jobName}'s env holds a secret");
                }

                foreach (var step in ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>())
                {
                    var runsModels = step.Children.TryGetValue("run", out var run) && run is YamlScalarNode { Value: { } script }
                        && (script.Contains("llmguard run", StringComparison.Ordinal) || script.Contains("llmguard pin", StringComparison.Ordinal));
                    var withSecret = step.Children.Where(pair => pair.Key is YamlScalarNode { Value: not "env" }).Any(pair => HasSecret(pair.Value));
                    if (withSecret || (!runsModels && step.Children.TryGetValue("env", out var stepEnv) && HasSecret(stepEnv)))
                    {
                        problems.Add($"{name}: step '{(step.Children.TryGetValue("name", out var stepName) ? stepName : step["uses"])}' of job {jobName} sees a secret it does not need");
                    }
                }
            }
        }

        Assert.That(problems, Is.Empty);
    }

    private static IEnumerable<string> Flatten(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlMappingNode mapping => mapping.Children.SelectMany(pair => Flatten(pair.Key).Concat(Flatten(pair.Value))),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Flatten),
        _ => [],
    };

    [Test]
    public void A_mistyped_option_in_an_example_would_be_caught()
    {
        var commands = LlmguardCommands("steps:\n  - run: llmguard run suites --reprot html=x.html\n");
        var root = CliApplication.CreateRoot(new CliContext(TextWriter.Null, TextWriter.Null, IsTerminal: false, _ => null, CliContext.BuiltInProviders));

        Assert.That(root.Parse(commands.Single()).Errors, Is.Not.Empty);
    }

    /// <summary>The arguments of every llmguard command in the scripts (<c>run</c> and <c>script</c> values) of a YAML document.</summary>
    private static List<string[]> LlmguardCommands(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var scripts = new List<string>();
        void Walk(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (key is YamlScalarNode { Value: "run" or "script" } && value is YamlScalarNode { Value: { } script })
                        {
                            scripts.Add(script);
                        }

                        Walk(value);
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children)
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        foreach (var document in stream.Documents)
        {
            Walk(document.RootNode);
        }

        return [.. scripts
            .SelectMany(script => script.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            .SelectMany(line => ShellSeparator().Split(line))
            .Select(Words)
            .Where(words => words.Count > 1 && words[0] == "llmguard")
            .Select(words => words.Skip(1).ToArray())];
    }

    /// <summary>A shell command's words: CI expressions and variables replaced by sample values, quotes removed.</summary>
    private static List<string> Words(string command)
    {
        var text = CiExpression().Replace(command, "1");
        text = AzureVariable().Replace(text, "staging");
        text = ShellVariable().Replace(text, "value");
        var words = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in text.Trim())
        {
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = null;
            }
            else if (quote is null && char.IsWhiteSpace(c))
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static string Dedent(string block)
    {
        var lines = block.Split('\n');
        var indent = lines.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
        return string.Join('\n', lines.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"\s*(?:&&|\|\||;|\|)\s*")]
    private static partial Regex ShellSeparator();

    [GeneratedRegex(@"\$\{\{[^}]*\}\}")]
    private static partial Regex CiExpression();

    [GeneratedRegex(@"\$\([A-Za-z0-9_.]+\)")]
    private static partial Regex AzureVariable();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")]
    private static partial Regex ShellVariable();
}
