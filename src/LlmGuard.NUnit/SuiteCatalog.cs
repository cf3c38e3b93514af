using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Suites;

namespace LlmGuard.NUnit;

/// <summary>
/// The suites of one test class, loaded once per process and shared by the test builder (which names the tests)
/// and the fixture (which runs them). Loading validates without checking provider names: providers registered
/// from code are only known once the fixture runs.
/// </summary>
internal sealed class SuiteCatalog
{
    private static readonly ConcurrentDictionary<Type, Lazy<SuiteCatalog>> Catalogs = new();

    private readonly Dictionary<string, CatalogEntry> entriesByName;

    private SuiteCatalog(SuitesLocation location, IReadOnlyList<Suite> suites, IReadOnlyList<CatalogEntry> entries, string? invalidMessage, IReadOnlyList<SuiteDiagnostic> warnings)
    {
        Location = location;
        Suites = suites;
        Entries = entries;
        InvalidMessage = invalidMessage;
        Warnings = warnings;
        entriesByName = entries.ToDictionary(entry => entry.Name, StringComparer.Ordinal);
    }

    public SuitesLocation Location { get; }

    /// <summary>The valid suites (empty when any suite has an error).</summary>
    public IReadOnlyList<Suite> Suites { get; }

    /// <summary>The tests, in run order: every case in suite then file order, then the gate tests.</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>Why nothing can run, listing every diagnostic; null when the suites are valid.</summary>
    public string? InvalidMessage { get; }

    /// <summary>Warnings about valid suites (e.g. a floating model name).</summary>
    public IReadOnlyList<SuiteDiagnostic> Warnings { get; }

    public bool IsValid => InvalidMessage is null;

    public IEnumerable<CatalogEntry> Cases => Entries.Where(entry => entry.Kind == CatalogEntryKind.Case);

    /// <summary>The catalog of a test class, loaded on first use.</summary>
    public static SuiteCatalog For(Type testClass) =>
        Catalogs.GetOrAdd(testClass, type => new Lazy<SuiteCatalog>(() => Load(type))).Value;

    public CatalogEntry? Find(string name) => entriesByName.GetValueOrDefault(name);

    public static SuiteCatalog Load(Type testClass)
    {
        var assemblyDirectory = Path.GetDirectoryName(testClass.Assembly.Location) is { Length: > 0 } directory ? directory : AppContext.BaseDirectory;
        if (testClass.GetCustomAttribute<LlmGuardSuitesAttribute>(inherit: true) is not { } attribute)
        {
            var location = new SuitesLocation(assemblyDirectory, SuitesPathResolver.DefaultSnapshots(assemblyDirectory));
            return Invalid(location, $"LlmGuard: the class {testClass.FullName} derives from {nameof(LlmGuardFixture)} but has no [LlmGuardSuites(\"path\")] attribute naming its suites folder.");
        }

        return Load(SuitesPathResolver.Resolve(attribute, assemblyDirectory));
    }

    public static SuiteCatalog Load(SuitesLocation location)
    {
        var set = new SuiteLoader().Load(location.SuitesPath);
        if (set.HasErrors)
        {
            return Invalid(location, DescribeInvalid(location, set.Diagnostics));
        }

        var plans = CaseSelection.All.Plan(set.Suites).ToList();
        if (plans.Count == 0)
        {
            return Invalid(location, $"LlmGuard: the suites in '{location.SuitesPath}' have no cases.");
        }

        var entries = plans.Select(plan => new CatalogEntry(plan.Name, CatalogEntryKind.Case, plan.Suite, plan))
            .Concat(set.Suites.Where(HasGateTest).Select(suite => new CatalogEntry(CatalogEntry.GateName(suite.Id), CatalogEntryKind.Gate, suite)))
            .ToList();
        return new SuiteCatalog(location, set.Suites, entries, null, set.Diagnostics);
    }

    /// <summary>A suite gets a gate test when its changed cases can be warnings (in any mode but update), whose share the gate test checks.</summary>
    private static bool HasGateTest(Suite suite) => new GatePolicy(suite.Gate, RunMode.Verify).HasSuiteWideRules;

    private static SuiteCatalog Invalid(SuitesLocation location, string message) =>
        new(location, [], [new CatalogEntry(CatalogEntry.InvalidName(location.FolderName), CatalogEntryKind.Invalid)], message, []);

    private static string DescribeInvalid(SuitesLocation location, IReadOnlyList<SuiteDiagnostic> diagnostics)
    {
        var builder = new StringBuilder();
        builder.Append("LlmGuard: the suites in '").Append(location.SuitesPath).Append("' do not validate, so no case was run:\n");
        foreach (var diagnostic in diagnostics)
        {
            builder.Append(diagnostic).Append('\n');
        }

        if (location.Note is not null)
        {
            builder.Append(location.Note).Append('\n');
        }

        return builder.ToString().TrimEnd('\n');
    }
}
