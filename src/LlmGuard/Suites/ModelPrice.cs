namespace LlmGuard.Suites;

/// <summary>The price of a model's tokens, in US dollars per million tokens.</summary>
/// <param name="InputPerMillion">Per million input (prompt) tokens.</param>
/// <param name="OutputPerMillion">Per million output (completion) tokens.</param>
public sealed record ModelPrice(double InputPerMillion, double OutputPerMillion);
