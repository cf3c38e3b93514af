namespace LlmGuard.Loading;

/// <summary>What the environment decides about suites while they load: which variables may hold keys (<see cref="Security.KeyVariables"/>).</summary>
/// <param name="GetEnvironmentVariable">The environment.</param>
internal sealed record SuitePolicy(Func<string, string?> GetEnvironmentVariable);
