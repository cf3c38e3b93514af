namespace LlmGuard.Local.Demo;

/// <summary>
/// The knobs of the demo model's hand-built weights. Changing any default changes the demo files and their
/// published SHA-256 constants.
/// </summary>
internal sealed record DemoModelDesign
{
    public ulong Seed { get; init; } = 0x4C4C4D4755415244; // "LLMGUARD"

    public int EmbeddingLength { get; init; } = 128;

    public int HeadCount { get; init; } = 4;

    public int KeyValueHeadCount { get; init; } = 2;

    public int BlockCount { get; init; } = 2;

    public int FeedForwardLength { get; init; } = 256;

    public int ContextLength { get; init; } = 512;

    /// <summary>How many likely next words each word has in the seeded bigram table.</summary>
    public int SuccessorsPerWord { get; init; } = 4;

    /// <summary>Chance that a word has the period among its successors.</summary>
    public double PeriodChance { get; init; } = 0.1;

    /// <summary>Logit scale of the bigram table.</summary>
    public float BigramGain { get; init; } = 2.5f;

    /// <summary>How strongly attention copies the average "meaning" of the context (keeps replies on the prompt's words).</summary>
    public float MeaningCopy { get; init; } = 4.0f;

    /// <summary>How strongly attention copies the identity of recent tokens (feeds the repetition penalty).</summary>
    public float IdentityCopy { get; init; } = 3f;

    /// <summary>Peak attention score of the recency heads; higher means "recent" is a shorter window.</summary>
    public float RecencySharpness { get; init; } = 16f;

    /// <summary>Logit penalty on tokens whose identity the residual stream carries (the current and recent tokens).</summary>
    public float RepeatPenalty { get; init; } = 6f;

    /// <summary>Logit bias of tokens that are not whole words (prefix pieces, bytes, single characters, template words).</summary>
    public float NonWordBias { get; init; } = -40f;

    public float EndOfSequenceBias { get; init; } = -6f;

    /// <summary>Scale of the random feed-forward weights (an input-dependent perturbation of the bigram logits).</summary>
    public float FeedForwardScale { get; init; } = 0.05f;

    /// <summary>The fine-tune adapter's update s·B·A has this many RMS units of the matrix it adapts (every block and output matrix).</summary>
    public float FineTuneScale { get; init; } = 0.0003f;

    /// <summary>Rank of the fine-tune adapter.</summary>
    public int AdapterRank { get; init; } = 8;

    /// <summary><c>adapter.lora.alpha</c> of the fine-tune adapter (multiplier alpha / rank at scale 1).</summary>
    public float AdapterAlpha { get; init; } = 16f;

    public ulong FineTuneSeed { get; init; } = 0x46494E4554554E45; // "FINETUNE"
}
