namespace LlmGuard.Statistics;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose sequence for a seed is fixed by its definition, so a
/// bootstrap interval is the same on every machine and every .NET version.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform index in [0, count) (Lemire's multiply-shift; the bias is below 2⁻³² for any count a suite has).</summary>
    public int NextIndex(int count) => (int)(((Next() >> 32) * (ulong)count) >> 32);
}
