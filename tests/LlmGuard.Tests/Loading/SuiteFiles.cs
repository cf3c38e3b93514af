using System.Text;
using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

/// <summary>Loads suites written inline in a test, through a temporary file so the loader sees exactly these bytes.</summary>
internal static class SuiteFiles
{
    public static SuiteSet Load(string yaml, IReadOnlyCollection<string>? knownProviders = null) =>
        LoadBytes(new UTF8Encoding(false).GetBytes(yaml), knownProviders);

    public static SuiteSet LoadBytes(byte[] bytes, IReadOnlyCollection<string>? knownProviders = null)
    {
        var directory = Directory.CreateTempSubdirectory("llmguard-suite-");
        try
        {
            var file = Path.Combine(directory.FullName, "suite.yaml");
            File.WriteAllBytes(file, bytes);
            return new SuiteLoader(knownProviders).Load(file);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Loads a suite that must have no errors.</summary>
    public static Suite LoadValid(string yaml)
    {
        var set = Load(yaml);
        Assert.That(set.HasErrors, Is.False, string.Join("\n", set.Diagnostics));
        return set.Suites.Single();
    }
}
