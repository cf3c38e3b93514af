using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace LlmGuard.NUnit;

/// <summary>
/// Builds the tests of <see cref="LlmGuardFixture.RunCaseAsync"/>: one per case of the class's suites, plus a gate
/// test per suite that allows changes, or a single failing test when the suites do not validate. Implies a fixture,
/// so a class deriving from <see cref="LlmGuardFixture"/> needs no [TestFixture].
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
internal sealed class LlmGuardCasesAttribute : Attribute, ITestBuilder, IImplyFixture
{
    public IEnumerable<TestMethod> BuildFrom(IMethodInfo method, Test? suite) =>
        CaseTestBuilder.Build(method, suite, SuiteCatalog.For(suite?.TypeInfo?.Type ?? method.TypeInfo.Type));
}
