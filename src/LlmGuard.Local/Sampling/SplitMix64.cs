namespace LlmGuard.Local.Sampling;

/// <summary>
/// The SplitMix64 generator (Steele, Lea and Flood, 2014): a 64-bit counter advanced by the golden-ratio constant
/// and passed through a fixed mixing function. Defined here rather than borrowed from <see cref="System.Random"/>,
/// whose algorithm is an implementation detail that may change between .NET versions; sampled outputs must not.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1) from the top 53 bits of the next output.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
