using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class HelpTests
{
    [TestCase("init", new[] { "--directory" })]
    [TestCase("validate", new[] { "--suites" })]
    [TestCase("run", new[] { "--suites", "--snapshots", "--mode", "--suite", "--case", "--tag", "--concurrency", "--model", "--results", "--repeat", "--cache" })]
    [TestCase("compare", new[] { "--baseline", "--candidate", "--baseline-provider", "--candidate-provider", "--suites", "--repeat", "--results", "--cache" })]
    [TestCase("calibrate", new[] { "--suites", "--snapshots", "--repeat", "--suite", "--case", "--tag" })]
    [TestCase("accept", new[] { "--snapshots", "--suite", "--case", "--all" })]
    [TestCase("prune", new[] { "--suites", "--snapshots", "--dry-run" })]
    [TestCase("pin", new[] { "--suites", "--suite" })]
    [TestCase("demo-models", new[] { "--directory" })]
    public async Task Every_command_explains_its_options(string command, string[] options)
    {
        var result = await InProcessCli.RunAsync(command, "--help");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Error, Is.Empty);
            Assert.That(result.Out, Does.Contain($"Usage:\n  llmguard {command} "), "usage lines name the command users type");
            foreach (var option in options)
            {
                Assert.That(result.Out, Does.Contain(option + " "), $"{command} --help mentions {option}");
            }
        });
    }

    [Test]
    public async Task The_root_help_lists_every_command()
    {
        var result = await InProcessCli.RunAsync("--help");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            foreach (var command in new[] { "init", "validate", "run", "compare", "calibrate", "accept", "prune", "pin", "demo-models" })
            {
                Assert.That(result.Out, Does.Match($@"\n\s+{command}\s"), command);
            }
        });
    }
}
