namespace LlmGuard.Tests.Architecture.CycleSampleB;

/// <summary>The other half of the deliberate namespace cycle of <see cref="CycleSampleA.CycleSampleCaller"/>.</summary>
internal static class CycleSampleCallee
{
    public static int Value() => 1;

    public static int Back() => CycleSampleA.CycleSampleCaller.Call() + 1;
}
