using System.Reflection;
using System.Reflection.Emit;
using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Architecture;

/// <summary>
/// The engine's parts point one way (README, "Architecture"): each part may use only the parts listed for it here.
/// Read from the compiled engine, so a partially qualified name or a call inside a lambda counts like a using.
/// (Module/EngineLayerTests checks that nothing in the engine is named after a cmdlet.)
/// </summary>
public sealed class LayerTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Results"] = [],
        ["Http"] = [],
        ["Files"] = [],
        ["Server"] = ["Http", "Files", "Results"],
        ["Workers"] = ["Server", "Http", "Files", "Results"],
        ["Hosting"] = ["Workers", "Server", "Http", "Files", "Results"],
        ["Client"] = ["Http", "Results"],
        ["Stress"] = ["Hosting", "Workers", "Server", "Client", "Http", "Files", "Results"],
    };

    private static readonly Assembly Engine = typeof(RequestParser).Assembly;

    public static TheoryData<string> Parts => new(Allowed.Keys);

    [Theory, MemberData(nameof(Parts))]
    public void A_part_uses_only_the_parts_below_it(string part)
    {
        var offending = Engine.GetTypes()
            .Where(t => PartOf(t) == part)
            .SelectMany(t => ReferencedTypes(t).Select(used => (From: t, Used: used)))
            .Where(r => PartOf(r.Used) is string usedPart && usedPart != part && !Allowed[part].Contains(usedPart))
            .Select(r => $"{Outermost(r.From).FullName} uses {Outermost(r.Used).FullName}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(offending.Count == 0, $"{part} may use only {string.Join(", ", Allowed[part])}:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Every_engine_type_is_in_a_known_part()
    {
        var loose = Engine.GetTypes().Where(t => t.Namespace?.StartsWith("PoolHttp.Engine", StringComparison.Ordinal) == true && PartOf(t) is null)
            .Select(t => t.FullName).ToList();
        Assert.Empty(loose);
    }

    [Fact]
    public void The_check_sees_a_reference_made_inside_a_method_body()
    {
        // Guards the reader itself: FileStore's constructor calls into Path, a use that no signature shows.
        var files = Engine.GetTypes().Single(t => t.FullName == "PoolHttp.Engine.Files.FileStore");
        Assert.Contains(typeof(Path), ReferencedTypes(files));
    }

    private static string? PartOf(Type t)
    {
        string? ns = Outermost(t).Namespace;
        if (ns is null || !ns.StartsWith("PoolHttp.Engine.", StringComparison.Ordinal)) return null;
        string part = ns["PoolHttp.Engine.".Length..].Split('.')[0];
        return Allowed.ContainsKey(part) ? part : null;
    }

    private static Type Outermost(Type t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    /// <summary>Every type a type names: base, interfaces, fields, signatures, attributes and the IL of its methods.</summary>
    private static HashSet<Type> ReferencedTypes(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments()) Add(a);
                Add(t.GetGenericTypeDefinition());
                return;
            }
            if (!t.IsGenericParameter) found.Add(t);
        }
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType);
        foreach (var f in type.GetFields(All)) Add(f.FieldType);
        foreach (var p in type.GetProperties(All)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            foreach (var t in TypesInBody(m)) Add(t);
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First());

    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodes[value];
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try { member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (ArgumentException) { }
                if (member is Type t) yield return t;
                else if (member?.DeclaringType is Type owner) yield return owner;
            }
            i += size;
        }
    }
}
