using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LlmGuard.Tests.Architecture;

/// <summary>
/// The NUnit test methods of built test assemblies, read from their metadata without loading them, so another test
/// project's assembly is read without resolving its dependencies.
/// </summary>
public static class TestMethodNames
{
    private const string OwnProject = "LlmGuard.Tests";

    private static readonly HashSet<string> TestAttributes = new(StringComparer.Ordinal)
    {
        "TestAttribute", "TestCaseAttribute", "TestCaseSourceAttribute", "TheoryAttribute",
    };

    /// <summary>
    /// This project's assembly, then the assembly of every other project under tests/ built with the same configuration
    /// and target framework (tests/X/bin/Debug/net10.0/X.dll next to this one's), where it exists.
    /// </summary>
    public static IReadOnlyList<string> AssembliesInBuildOutput()
    {
        var assemblies = new List<string> { typeof(TestMethodNames).Assembly.Location };
        var testsFolder = Path.Combine(RepositoryRoot.Path, "tests");
        var outputFolder = Path.GetRelativePath(Path.Combine(testsFolder, OwnProject), AppContext.BaseDirectory);
        if (Path.IsPathRooted(outputFolder) || outputFolder.StartsWith("..", StringComparison.Ordinal))
        {
            return assemblies;
        }

        foreach (var project in Directory.EnumerateDirectories(testsFolder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(project);
            var assembly = Path.Combine(project, outputFolder, name + ".dll");
            if (name != OwnProject && File.Exists(assembly))
            {
                assemblies.Add(assembly);
            }
        }

        return assemblies;
    }

    /// <summary>Namespace.Type.Method of every method carrying [Test], [TestCase], [TestCaseSource] or [Theory].</summary>
    public static IReadOnlyList<string> In(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var image = new PEReader(stream);
        var metadata = image.GetMetadataReader();
        var names = new List<string>();
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(methodHandle);
                if (method.GetCustomAttributes().Any(attribute => IsTestAttribute(metadata, metadata.GetCustomAttribute(attribute))))
                {
                    names.Add(FullName(metadata, type) + "." + metadata.GetString(method.Name));
                }
            }
        }

        return names;
    }

    private static bool IsTestAttribute(MetadataReader metadata, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var declaringType = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (declaringType.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = metadata.GetTypeReference((TypeReferenceHandle)declaringType);
        return metadata.StringComparer.Equals(type.Namespace, "NUnit.Framework") && TestAttributes.Contains(metadata.GetString(type.Name));
    }

    private static string FullName(MetadataReader metadata, TypeDefinition type)
    {
        var name = metadata.GetString(type.Name);
        var declaringType = type.GetDeclaringType();
        if (!declaringType.IsNil)
        {
            return FullName(metadata, metadata.GetTypeDefinition(declaringType)) + "+" + name;
        }

        var nameSpace = metadata.GetString(type.Namespace);
        return nameSpace.Length == 0 ? name : nameSpace + "." + name;
    }
}
