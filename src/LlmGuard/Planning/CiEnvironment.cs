namespace LlmGuard.Planning;

/// <summary>Detects a CI machine from the usual environment variables.</summary>
internal sealed record CiEnvironment(bool IsCi, string? Reason)
{
    /// <summary>The environment variables whose presence marks a CI machine.</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL",
        "TEAMCITY_VERSION", "BUILDKITE", "CIRCLECI", "TRAVIS", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID",
    ];

    /// <summary>Detects CI from the given environment reader.</summary>
    public static CiEnvironment Detect(Func<string, string?> getEnvironmentVariable)
    {
        foreach (var name in Variables)
        {
            var value = getEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(value) && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0")
            {
                return new CiEnvironment(true, $"{name} is set");
            }
        }

        return new CiEnvironment(false, null);
    }

    /// <summary>Detects CI from the process environment.</summary>
    public static CiEnvironment Current => Detect(Environment.GetEnvironmentVariable);
}
