
namespace LlmGuard.Local.Tests;

/// <summary>
/// Finds the real GGUF oracle models that live beside the repository (<c>../shared/models</c>), or in the folder
/// named by <c>LLMGUARD_SHARED_MODELS</c>. Tests that need them are ignored, with the path they looked for, when absent
/// on a developer machine, and fail on a CI machine, where the models are part of the contract.
/// </summary>
internal static class SharedModels
{
    public const string EnvironmentVariable = "LLMGUARD_SHARED_MODELS";

    public static string RequireFile(string fileName)
    {
        var directory = Locate(out var searched);
        if (directory is null)
        {
            Missing($"Shared oracle models not found: looked for {searched}. Set {EnvironmentVariable} or place shared/models beside the repository.");
        }

        var path = Path.Combine(directory!, fileName);
        if (!File.Exists(path))
        {
            Missing($"Shared oracle model missing: {path}");
        }

        return path;
    }

    private static void Missing(string message)
    {
        if (LlmGuard.Planning.CiEnvironment.Current.IsCi)
        {
            Assert.Fail(message + " (on CI the oracle tests must run)");
        }

        Assert.Ignore(message);
    }

    private static string? Locate(out string searched)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            searched = fromEnvironment;
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        // Walk up to the repository root (the folder holding LlmGuard.sln), then look at its sibling shared/models.
        var candidates = new List<string>();
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LlmGuard.sln")) && directory.Parent is not null)
            {
                var candidate = Path.Combine(directory.Parent.FullName, "shared", "models");
                candidates.Add(candidate);
                if (Directory.Exists(candidate))
                {
                    searched = candidate;
                    return candidate;
                }
            }
        }

        searched = candidates.Count > 0 ? string.Join(" or ", candidates) : "a LlmGuard.sln above " + TestContext.CurrentContext.TestDirectory;
        return null;
    }
}
