using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace PoolHttp.Tests.Module;

/// <summary>One [Parameter] property of a compiled cmdlet, as PowerShell will bind it.</summary>
public sealed record CmdletParameter(string Name, string TypeName, bool Mandatory, string Position, bool ByValue,
    bool ByPropertyName, IReadOnlyList<string> Sets, IReadOnlyList<string> Attributes)
{
    /// <summary>The pipelineInput text MAML help uses.</summary>
    public string PipelineInput => (ByValue, ByPropertyName) switch
    {
        (false, false) => "False",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "True (ByValue, ByPropertyName)",
    };
}

/// <summary>A cmdlet class read from the laid-out module, without loading it.</summary>
public sealed record CompiledCmdlet(string ClassName, string Verb, string Noun, bool SupportsShouldProcess,
    IReadOnlyList<string> OutputTypes, IReadOnlyList<CmdletParameter> Parameters, bool WritesObjects)
{
    public string Name => $"{Verb}-{Noun}";

    public CmdletParameter Parameter(string name) => Parameters.Single(p => p.Name == name);

    public override string ToString() => Name;
}

/// <summary>
/// out/PoolHttp as `dotnet build` laid it out, read with MetadataLoadContext: System.Management.Automation comes
/// from the PowerShellStandard.Library package (reference assembly), the framework from the running runtime.
/// </summary>
public static class CompiledModule
{
    private const string Sma = "System.Management.Automation";
    private static readonly Lazy<(IReadOnlyList<CompiledCmdlet> Cmdlets, IReadOnlySet<string> Verbs)> Loaded = new(Load);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string OutDir => Path.Combine(RepoRoot, "out", "PoolHttp");

    public static string SourceDir => Path.Combine(RepoRoot, "src", "PoolHttp.Cmdlets");

    public static string ModuleSourceDir => Path.Combine(RepoRoot, "module");

    public static string CmdletsDll => Path.Combine(OutDir, "PoolHttp.Cmdlets.dll");

    public static IReadOnlyList<CompiledCmdlet> Cmdlets => Loaded.Value.Cmdlets;

    /// <summary>Every constant of the Verbs* classes (VerbsCommon, VerbsLifecycle, ...).</summary>
    public static IReadOnlySet<string> ApprovedVerbs => Loaded.Value.Verbs;

    public static string SmaPath
    {
        get
        {
            string dir = typeof(CompiledModule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "PowerShellStandardDir").Value!;
            return Path.Combine(dir, "lib", "netstandard2.0", Sma + ".dll");
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PoolHttp.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("PoolHttp.sln not found above " + AppContext.BaseDirectory);
    }

    private static (IReadOnlyList<CompiledCmdlet>, IReadOnlySet<string>) Load()
    {
        Assert.True(File.Exists(CmdletsDll), $"{CmdletsDll} is missing: `dotnet build` lays out out/PoolHttp.");
        Assert.True(File.Exists(SmaPath), $"{SmaPath} is missing: the PowerShellStandard.Library package was not restored.");
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(OutDir, "*.dll"))
            .Append(SmaPath);
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths), typeof(object).Assembly.GetName().Name);
        var sma = context.LoadFromAssemblyPath(SmaPath);
        var verbs = sma.GetExportedTypes()
            .Where(t => t.Namespace == Sma && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        var writers = IlCalls.TypesThatWriteObjects(CmdletsDll);
        var cmdlets = context.LoadFromAssemblyPath(CmdletsDll).GetTypes()
            .Select(t => (Type: t, Attribute: Attribute(t, "CmdletAttribute")))
            .Where(x => x.Attribute is not null)
            .Select(x => Describe(x.Type, x.Attribute!, writers.Contains(x.Type.FullName!)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return (cmdlets, verbs);
    }

    private static CompiledCmdlet Describe(Type type, CustomAttributeData cmdlet, bool writes)
    {
        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> list ? list.Select(i => i.Value) : [arg.Value])
            .Select(v => v is Type t ? t.FullName! : (string)v!)
            .ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attributes: p.GetCustomAttributesData()))
            .Where(p => p.Attributes.Any(a => a.AttributeType.Name == "ParameterAttribute"))
            .Select(p => DescribeParameter(p.Property, p.Attributes))
            .ToList();
        return new CompiledCmdlet(type.Name, (string)cmdlet.ConstructorArguments[0].Value!, (string)cmdlet.ConstructorArguments[1].Value!,
            Named(cmdlet, "SupportsShouldProcess") is true, outputTypes, parameters, writes);
    }

    private static CmdletParameter DescribeParameter(PropertyInfo property, IList<CustomAttributeData> attributes)
    {
        var declared = attributes.Where(a => a.AttributeType.Name == "ParameterAttribute").ToList();
        var positions = declared.Select(a => Named(a, "Position")).OfType<int>().Distinct().ToList();
        return new CmdletParameter(
            property.Name,
            TypeName(property.PropertyType),
            declared.Any(a => Named(a, "Mandatory") is true),
            positions.Count == 0 ? "named" : string.Join(",", positions),
            declared.Any(a => Named(a, "ValueFromPipeline") is true),
            declared.Any(a => Named(a, "ValueFromPipelineByPropertyName") is true),
            declared.Select(a => Named(a, "ParameterSetName") as string ?? "__AllParameterSets").ToList(),
            attributes.Select(a => a.AttributeType.Name).ToList());
    }

    /// <summary>The type name help shows: Nullable&lt;T&gt; as T, arrays as T[].</summary>
    private static string TypeName(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0].Name : type.Name;

    private static CustomAttributeData? Attribute(Type type, string name) =>
        type.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.Name == name);

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}

/// <summary>
/// Which types write pipeline objects: a method writes when its IL calls Cmdlet.WriteObject, or calls (or takes
/// a delegate to) a method of the same assembly that writes. A type counts its nested types (lambdas, closures).
/// </summary>
internal static class IlCalls
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .GroupBy(o => unchecked((ushort)o.Value))
        .ToDictionary(g => g.Key, g => g.First());

    public static IReadOnlySet<string> TypesThatWriteObjects(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var calls = new Dictionary<MethodDefinitionHandle, List<EntityHandle>>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            foreach (var methodHandle in md.GetTypeDefinition(typeHandle).GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                calls[methodHandle] = method.RelativeVirtualAddress == 0 ? [] : Callees(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!);
            }
        }
        var writing = new HashSet<MethodDefinitionHandle>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (method, callees) in calls)
            {
                if (!writing.Contains(method) && callees.Any(c => Writes(md, c, writing))) changed = writing.Add(method);
            }
        }
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            if (type.GetDeclaringType().IsNil && WithNested(md, type).SelectMany(t => t.GetMethods()).Any(writing.Contains))
            {
                result.Add(md.GetString(type.Namespace) + "." + md.GetString(type.Name));
            }
        }
        return result;
    }

    private static IEnumerable<TypeDefinition> WithNested(MetadataReader md, TypeDefinition type) =>
        type.GetNestedTypes().SelectMany(n => WithNested(md, md.GetTypeDefinition(n))).Prepend(type);

    private static bool Writes(MetadataReader md, EntityHandle callee, HashSet<MethodDefinitionHandle> writing) => callee.Kind switch
    {
        HandleKind.MethodDefinition => writing.Contains((MethodDefinitionHandle)callee),
        HandleKind.MemberReference => md.GetString(md.GetMemberReference((MemberReferenceHandle)callee).Name) == "WriteObject",
        HandleKind.MethodSpecification => Writes(md, md.GetMethodSpecification((MethodSpecificationHandle)callee).Method, writing),
        _ => false,
    };

    private static List<EntityHandle> Callees(byte[] il)
    {
        var callees = new List<EntityHandle>();
        int i = 0;
        while (i < il.Length)
        {
            ushort value = il[i] == 0xFE ? (ushort)(0xFE00 | il[i + 1]) : il[i];
            i += value > 0xFF ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineMethod:
                    callees.Add(MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i)));
                    i += 4;
                    break;
                default: i += 4; break;
            }
        }
        return callees;
    }
}
