using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// The offline likelihood demo (suites/demo/likelihood.yaml with its committed snapshots): the fine-tuned demo model keeps
/// most answers word for word, and the run reports — and the gate fails — the answers whose likelihood moved.
/// </summary>
public sealed class LikelihoodDemoTests
{
    [Test]
    public async Task The_fine_tune_moves_the_likelihood_of_answers_whose_text_held()
    {
        using var workspace = new TempWorkspace();
        workspace.Write("suites/likelihood.yaml", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "suites", "demo", "likelihood.yaml")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "snapshots", "demo-likelihood")))
        {
            workspace.Write($"snapshots/demo-likelihood/{Path.GetFileName(file)}", File.ReadAllText(file));
        }

        var environment = new Dictionary<string, string> { ["LLMGUARD_MODELS"] = Path.Combine(TestContext.CurrentContext.WorkDirectory, "demo-models") };
        var baseRun = await InProcessCli.RunAsync(environment, "run", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);
        var tuned = await InProcessCli.RunAsync(environment, "run", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath, "--model", "demo-finetuned");

        var unchangedLines = tuned.Out.Split('\n').Where(line => line.StartsWith("unchanged ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(baseRun.ExitCode, Is.Zero, baseRun.ToString());
            Assert.That(baseRun.Out, Does.Not.Contain("[likelihood"), "the recorded model is not compared with itself");
            Assert.That(tuned.ExitCode, Is.EqualTo(1), tuned.ToString());
            Assert.That(unchangedLines, Has.Count.GreaterThanOrEqualTo(5), tuned.Out);
            Assert.That(unchangedLines, Has.All.Contain("[likelihood ").And.All.Contain("KL "), "every unchanged case reports its likelihood drift");
            Assert.That(tuned.Out.Split('\n').Count(line => line.Contains("likelihood -", StringComparison.Ordinal)), Is.EqualTo(10),
                "each case states its likelihood once (a changed case's details do not repeat its line)");
            Assert.That(tuned.Out, Does.Contain("the likelihood of the baseline answer moved beyond ±0.003 nats/token on "));
            Assert.That(tuned.Out, Does.Contain("cases whose text held: "));
            Assert.That(tuned.Out, Does.Contain("likelihood measured on 10 case(s)"));
        });
    }
}
