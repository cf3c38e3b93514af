using System.Runtime.CompilerServices;

namespace LlmGuard.NUnit;

/// <summary>
/// Names the suites a <see cref="LlmGuardFixture"/> class runs. Relative paths are resolved against the folder of the
/// source file that declares the class; when that folder does not exist where the tests run (a build with mapped
/// source paths, tests copied to another machine), the path without its leading <c>../</c> and <c>./</c> parts is
/// searched for in the test assembly's folder and then in each parent folder. Paths may contain <c>%VARIABLE%</c>
/// references, expanded from the environment.
/// </summary>
/// <example>
/// <code>
/// [LlmGuardSuites("../../suites", Snapshots = "../../snapshots")]
/// public sealed class ModelRegressionTests : LlmGuardFixture;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class LlmGuardSuitesAttribute : Attribute
{
    /// <summary>Names the suites folder (or a single suite file).</summary>
    /// <param name="suites">The suites folder or file, relative to the declaring source file's folder or absolute.</param>
    /// <param name="sourceFilePath">Filled in by the compiler: the path of the declaring source file.</param>
    public LlmGuardSuitesAttribute(string suites, [CallerFilePath] string sourceFilePath = "")
    {
        Suites = suites;
        SourceFilePath = sourceFilePath;
    }

    /// <summary>The suites folder or file, as written.</summary>
    public string Suites { get; }

    /// <summary>The snapshots folder, resolved like <see cref="Suites"/>; by default a <c>snapshots</c> folder beside the suites folder.</summary>
    public string? Snapshots { get; set; }

    /// <summary>The path of the source file that declares the class, as the compiler saw it.</summary>
    public string SourceFilePath { get; }
}
