namespace LlmGuard.Tests.Architecture.CycleSampleA;

/// <summary>Half of a deliberate namespace cycle that only method bodies make, for <see cref="NamespaceCycleTests"/>.</summary>
internal static class CycleSampleCaller
{
    public static int Call() => CycleSampleB.CycleSampleCallee.Value();
}
