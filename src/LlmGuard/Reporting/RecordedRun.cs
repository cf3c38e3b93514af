using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Reporting;

/// <summary>One run of a case as a results file recorded it: the answer's text, its tool calls and its tokens.</summary>
/// <param name="Output">The answer's text.</param>
/// <param name="ToolCalls">The tools the answer called, in order, arguments in canonical form.</param>
/// <param name="Usage">The tokens of the request and answer; null when the file recorded none.</param>
internal sealed record RecordedRun(string Output, IReadOnlyList<ToolCall> ToolCalls, TokenUsage? Usage);
