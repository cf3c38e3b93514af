namespace LlmGuard.Tests.Equivalence.Labelled;

/// <summary>One hand-labelled pair of an old and a new answer to the same prompt.</summary>
public sealed record LabelledPair(string Id, string Kind, bool Changed, string Prompt, string Old, string New);
