using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>Suite paths as plain arguments, as most tools take them, beside --suites.</summary>
public sealed class SuitePathArgumentTests
{
    [Test]
    public async Task Validate_takes_suite_files_as_plain_arguments()
    {
        using var sample = new SampleWorkspace();

        var one = await InProcessCli.RunAsync("validate", Path.Combine(sample.Workspace.SuitesPath, "geo.yaml"));
        var both = await InProcessCli.RunAsync("validate", Path.Combine(sample.Workspace.SuitesPath, "geo.yaml"), Path.Combine(sample.Workspace.SuitesPath, "math.yaml"));

        Assert.Multiple(() =>
        {
            Assert.That(one.ExitCode, Is.Zero, one.ToString());
            Assert.That(one.Out, Does.Contain("1 suite(s), 3 case(s) valid"));
            Assert.That(both.ExitCode, Is.Zero, both.ToString());
            Assert.That(both.Out, Does.Contain("2 suite(s), 5 case(s) valid"));
        });
    }

    [Test]
    public async Task Run_takes_a_suite_file_as_a_plain_argument_and_runs_only_its_cases()
    {
        using var sample = new SampleWorkspace();

        var result = await InProcessCli.RunAsync("run", Path.Combine(sample.Workspace.SuitesPath, "math.yaml"), "--snapshots", sample.Workspace.SnapshotsPath, "--mode", "update");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(SampleWorkspace.ReportedCases(result.Out), Is.EqualTo(new[] { "math/add", "math/multiply" }));
        });
    }

    [Test]
    public async Task A_file_named_both_ways_is_read_once_and_a_missing_one_is_named()
    {
        using var sample = new SampleWorkspace();
        var geo = Path.Combine(sample.Workspace.SuitesPath, "geo.yaml");

        var twice = await InProcessCli.RunAsync("validate", geo, "--suites", geo);
        var missing = await InProcessCli.RunAsync("validate", geo, Path.Combine(sample.Workspace.SuitesPath, "nope.yaml"));

        Assert.Multiple(() =>
        {
            Assert.That(twice.ExitCode, Is.Zero, twice.ToString());
            Assert.That(twice.Out, Does.Contain("1 suite(s), 3 case(s) valid"));
            Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString());
            Assert.That(missing.Out, Does.Contain("nope.yaml").And.Contain("No suite file or folder exists"));
        });
    }

    [TestCase(new[] { "run", "--concurency", "3" }, "Unknown option '--concurency'. Did you mean '--concurrency'?", "See 'llmguard run --help'.")]
    [TestCase(new[] { "validate", "--suits", "x" }, "Unknown option '--suits'. Did you mean '--suites'?", "See 'llmguard validate --help'.")]
    [TestCase(new[] { "accept", "--al" }, "Unknown option '--al'. Did you mean '--all'?", "See 'llmguard accept --help'.")]
    [TestCase(new[] { "rnu" }, "Unknown command 'rnu'. Did you mean 'run'?", "See 'llmguard --help'.")]
    public async Task A_mistyped_option_or_command_names_the_closest_one(string[] args, string explanation, string hint)
    {
        var result = await InProcessCli.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain(explanation));
            Assert.That(result.Error.TrimEnd(), Does.EndWith(hint));
        });
    }
}
