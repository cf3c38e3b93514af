using System.Security.Cryptography;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class DemoModelTests
{
    [Test]
    public void Files_have_the_published_sha256_and_are_not_rewritten()
    {
        var paths = DemoModelFixture.Paths;
        var written = File.GetLastWriteTimeUtc(paths.BasePath);
        var again = DemoModels.EnsureCreated(Path.GetDirectoryName(paths.BasePath)!);
        Assert.Multiple(() =>
        {
            Assert.That(Sha256(paths.BasePath), Is.EqualTo(DemoModels.BaseSha256));
            Assert.That(Sha256(paths.FineTunedPath), Is.EqualTo(DemoModels.FineTunedSha256));
            Assert.That(again, Is.EqualTo(paths));
            Assert.That(File.GetLastWriteTimeUtc(paths.BasePath), Is.EqualTo(written));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(paths.BasePath)!, "*.tmp"), Is.Empty);
        });
    }

    [Test]
    public void A_corrupted_file_is_replaced()
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "demo-models-corrupt");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, DemoModels.BaseFileName), "not a model");
        var paths = DemoModels.EnsureCreated(directory);
        Assert.That(Sha256(paths.BasePath), Is.EqualTo(DemoModels.BaseSha256));
    }

    [Test]
    public async Task Base_replies_are_word_sequences_that_depend_on_the_prompt()
    {
        using var client = DemoModelFixture.CreateBaseClient(threads: 2);
        var replies = new List<string>();
        foreach (var prompt in DemoModels.SamplePrompts)
        {
            replies.Add((await client.GetResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 20 })).Text);
        }

        Assert.Multiple(() =>
        {
            Assert.That(replies.Distinct().Count(), Is.GreaterThanOrEqualTo(20));
            foreach (var reply in replies)
            {
                var words = reply.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.That(words.Distinct().Count(), Is.GreaterThan(8), reply);
                Assert.That(reply, Does.Match("^[a-z .]+$"), reply);
            }
        });
    }

    [Test]
    public async Task Fine_tune_drifts_some_greedy_replies_but_not_most()
    {
        var paths = DemoModelFixture.Paths;
        using var baseClient = new LocalChatClient(new LocalModelOptions { ModelPath = paths.BasePath, Threads = 2 });
        using var fineTuned = new LocalChatClient(new LocalModelOptions { ModelPath = paths.BasePath, AdapterPath = paths.FineTunedPath, Threads = 2 });
        var options = new ChatOptions { MaxOutputTokens = 20 };
        var differing = 0;
        foreach (var prompt in DemoModels.SamplePrompts)
        {
            var before = (await baseClient.GetResponseAsync(prompt, options)).Text;
            var after = (await fineTuned.GetResponseAsync(prompt, options)).Text;
            differing += before == after ? 0 : 1;
        }

        TestContext.Out.WriteLine($"{differing}/{DemoModels.SamplePrompts.Count} greedy replies differ");
        Assert.That(differing, Is.EqualTo(7), "the drift is a published property of the demo models (docs/local-model.md)");
    }

    [Test]
    public void Demo_finetuned_is_the_base_with_the_fine_tune_adapter()
    {
        var context = new LlmGuard.Execution.ProviderContext(TestContext.CurrentContext.WorkDirectory, name => name == LocalProvider.ModelsDirectoryVariable ? Path.GetDirectoryName(DemoModelFixture.Paths.BasePath) : null);
        var resolved = LocalProvider.ResolveModel(LocalProvider.FineTunedDemoModel, context);
        using var client = new LocalChatClient(resolved);
        Assert.Multiple(() =>
        {
            Assert.That(resolved.ModelPath, Is.EqualTo(DemoModelFixture.Paths.BasePath));
            Assert.That(resolved.AdapterPath, Is.EqualTo(DemoModelFixture.Paths.FineTunedPath));
            Assert.That(client.Identity.Digest, Is.EqualTo($"sha256:{DemoModels.BaseSha256}+sha256:{DemoModels.FineTunedSha256}"));
            Assert.That(client.ModelId, Is.EqualTo(DemoModels.BaseModelName + "+" + DemoModels.FineTunedModelName));
            Assert.That(client.Identity.Details["adapters"], Is.EqualTo("llmguard-demo-finetuned (lora, rank 8, alpha 16, scale 1)"));
        });
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
