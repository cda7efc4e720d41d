using System.Reflection;
using System.Text.RegularExpressions;
using PoolHttp.Engine.Results;

namespace PoolHttp.Tests.Module;

/// <summary>
/// The engine's rules are named after the domain, never after their caller, and Results (what users see) is a
/// leaf: both fail here when a forbidden name or reference appears.
/// </summary>
public class EngineLayerTests
{
    private const string ResultsNamespace = "PoolHttp.Engine.Results";

    private static readonly Assembly Engine = typeof(PoolException).Assembly;

    private static string EngineSourceDir => Path.Combine(CompiledModule.RepoRoot, "src", "PoolHttp.Engine");

    [Fact]
    public void No_engine_type_or_member_is_named_after_a_cmdlet()
    {
        string[] callers = CompiledModule.Cmdlets.Select(c => c.Verb + c.Noun).Append("Cmdlet").ToArray();
        var named = Engine.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Select(m => $"{t.FullName}.{m.Name}").Append(t.FullName!))
            .Where(name => callers.Any(c => name.Contains(c, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Assert.Empty(named);
    }

    [Fact]
    public void Results_types_refer_to_no_other_engine_type()
    {
        var outside = Engine.GetTypes().Where(t => t.Namespace == ResultsNamespace)
            .SelectMany(t => SignatureTypes(t).Select(used => (t, used)))
            .Where(p => p.used.Assembly == Engine && p.used.Namespace != ResultsNamespace)
            .Select(p => $"{p.t.Name} -> {p.used.FullName}")
            .Distinct()
            .ToList();
        Assert.Empty(outside);
    }

    [Fact]
    public void Results_sources_name_no_other_engine_folder()
    {
        var other = new Regex(@"\b(?:PoolHttp\.Engine\.)?(?:Http|Files|Server|Workers|Hosting|Client|Stress)\.[A-Z]");
        var found = Directory.GetFiles(Path.Combine(EngineSourceDir, "Results"), "*.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => x.line.TrimStart().StartsWith("using PoolHttp.", StringComparison.Ordinal) && !x.line.Contains(ResultsNamespace, StringComparison.Ordinal)
                || other.IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.Empty(found);
    }

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo m) direct.Add(m.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }
        return direct.OfType<Type>().SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType) return Unwrap(type.GetElementType()!);
        if (!type.IsGenericType) return [type];
        return type.GetGenericArguments().SelectMany(Unwrap).Append(type.GetGenericTypeDefinition());
    }
}
