using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace LlmGuard.NUnit;

/// <summary>
/// Turns a catalog into NUnit test methods. The test name is the entry name (<c>suite/case</c>), so the full name is
/// <c>Namespace.Class.suite/case</c>; a case's tags become categories (<c>--filter TestCategory=tag</c>) and its
/// suite and case ids properties. Every test gets an order so cases run in file order and gate tests last.
/// </summary>
internal static class CaseTestBuilder
{
    public const string SuiteProperty = "Suite";
    public const string CaseProperty = "Case";

    public static IEnumerable<TestMethod> Build(IMethodInfo method, Test? parent, SuiteCatalog catalog)
    {
        var builder = new NUnitTestCaseBuilder();
        var order = 0;
        foreach (var entry in catalog.Entries)
        {
            var parameters = new TestCaseParameters([entry.Name]) { TestName = entry.Name };
            parameters.Properties.Set(PropertyNames.Order, order++);
            if (entry.Suite is { } suite)
            {
                parameters.Properties.Set(SuiteProperty, suite.Id);
            }

            if (entry.Plan is { } plan)
            {
                parameters.Properties.Set(CaseProperty, plan.Case.Id);
                foreach (var tag in plan.Case.Tags)
                {
                    parameters.Properties.Add(PropertyNames.Category, tag);
                }

                if (plan.Case.Description is { } description)
                {
                    parameters.Properties.Set(PropertyNames.Description, description);
                }
            }

            yield return builder.BuildTestMethod(method, parent, parameters);
        }
    }
}
