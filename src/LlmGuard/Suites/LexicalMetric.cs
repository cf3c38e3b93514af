namespace LlmGuard.Suites;

/// <summary>How lexical similarity is measured, over lower-cased word tokens.</summary>
public enum LexicalMetric
{
    /// <summary><c>rouge-l</c>: the F-measure of the longest common subsequence of tokens.</summary>
    RougeL,

    /// <summary><c>token-f1</c>: the F1 score of the tokens the two outputs share, counted as multisets.</summary>
    TokenF1,
}
