namespace LlmGuard.Local.Tests;

/// <summary>Creates the demo models once per test run, in the test output folder.</summary>
internal static class DemoModelFixture
{
    private static readonly Lazy<DemoModelPaths> Created = new(() =>
        DemoModels.EnsureCreated(Path.Combine(TestContext.CurrentContext.WorkDirectory, "demo-models")));

    public static DemoModelPaths Paths => Created.Value;

    public static LocalChatClient CreateBaseClient(int threads = 1, bool raw = false) =>
        new(new LocalModelOptions { ModelPath = Paths.BasePath, Threads = threads, RawCompletion = raw });
}
