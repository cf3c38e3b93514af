using System.Reflection;
using System.Reflection.Emit;

namespace LlmGuard.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which others, read by reflection: every type's base type, interfaces,
/// fields, properties, method signatures, attributes and the types, methods and fields its method bodies refer to
/// (decoded from the IL), so a dependency hidden inside a method counts as much as one in a signature. Nested and
/// compiler-generated types (closures, state machines) count for the namespace of the type that declares them.
/// </summary>
public sealed class NamespaceDependencies
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private readonly Assembly assembly;
    private readonly Dictionary<string, Dictionary<string, string>> edges = new(StringComparer.Ordinal);

    private NamespaceDependencies(Assembly assembly) => this.assembly = assembly;

    /// <summary>Namespace → the namespaces it uses, each with one example of a type that uses it.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => edges;

    public static NamespaceDependencies Of(Assembly assembly)
    {
        var dependencies = new NamespaceDependencies(assembly);
        foreach (var type in assembly.GetTypes())
        {
            dependencies.Scan(type);
        }

        return dependencies;
    }

    /// <summary>The groups of namespaces that depend on one another in a circle (strongly connected components of more than one namespace).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var nodes = edges.Keys.Concat(edges.Values.SelectMany(targets => targets.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLink = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<IReadOnlyList<string>>();
        var counter = 0;

        void Visit(string node)
        {
            index[node] = lowLink[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node)?.Keys.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowLink[node] = Math.Min(lowLink[node], index[next]);
                }
            }

            if (lowLink[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    components.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in nodes.Where(node => !index.ContainsKey(node)))
        {
            Visit(node);
        }

        return components;
    }

    /// <summary>The edges inside a group of namespaces, one per line with the type that makes it.</summary>
    public string Describe(IReadOnlyList<string> component) =>
        string.Join("\n", component.SelectMany(from => edges.GetValueOrDefault(from)?
            .Where(edge => component.Contains(edge.Key))
            .Select(edge => $"  {from} → {edge.Key} (e.g. {edge.Value})") ?? []));

    private void Scan(Type type)
    {
        var from = type.Namespace;
        if (from is null)
        {
            return;
        }

        var user = OuterType(type).Name;
        void Use(Type? used)
        {
            foreach (var part in Flatten(used))
            {
                if (part.Assembly == assembly && part.Namespace is { } to && to != from)
                {
                    if (!edges.TryGetValue(from, out var targets))
                    {
                        edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
                    }

                    targets.TryAdd(to, $"{user} uses {OuterType(part).Name}");
                }
            }
        }

        Use(type.BaseType);
        foreach (var implemented in type.GetInterfaces())
        {
            Use(implemented);
        }

        foreach (var attribute in type.GetCustomAttributesData())
        {
            Use(attribute.AttributeType);
        }

        foreach (var field in type.GetFields(Everything))
        {
            Use(field.FieldType);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Use(property.PropertyType);
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                Use(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Use(parameter.ParameterType);
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                Use(local.LocalType);
            }

            foreach (var referenced in ReferencedTypes(method))
            {
                Use(referenced);
            }
        }
    }

    private static Type OuterType(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static IEnumerable<Type> Flatten(Type? type)
    {
        if (type is null)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var element in Flatten(type.GetElementType()))
            {
                yield return element;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return argument;
            }
        }
    }

    /// <summary>The types a method body names: the declaring types of the methods and fields it uses, and the types it loads or casts to.</summary>
    private static IEnumerable<Type> ReferencedTypes(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }

            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var token = BitConverter.ToInt32(il, position);
                    position += 4;
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        member = null;
                    }

                    switch (member)
                    {
                        case Type type:
                            yield return type;
                            break;
                        case MethodBase called:
                            yield return called.DeclaringType!;
                            if (called is MethodInfo { IsGenericMethod: true } generic)
                            {
                                foreach (var argument in generic.GetGenericArguments())
                                {
                                    yield return argument;
                                }
                            }

                            break;
                        case FieldInfo field:
                            yield return field.DeclaringType!;
                            break;
                    }

                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, position);
                    position += 4 + (4 * count);
                    break;
                default:
                    position += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
