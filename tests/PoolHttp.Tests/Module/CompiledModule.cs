using System.Reflection;
using System.Runtime.InteropServices;

namespace PoolHttp.Tests.Module;

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
        var impact = cmdlet.NamedArguments.Where(n => n.MemberName == "ConfirmImpact").Select(n => EnumName(n.TypedValue)).FirstOrDefault();
        return new CompiledCmdlet(type.Name, (string)cmdlet.ConstructorArguments[0].Value!, (string)cmdlet.ConstructorArguments[1].Value!,
            Named(cmdlet, "SupportsShouldProcess") is true, outputTypes, parameters, writes,
            impact ?? "Medium", Named(cmdlet, "DefaultParameterSetName") as string);
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
            attributes.Select(a => a.AttributeType.Name).ToList(),
            attributes.Where(a => a.AttributeType.Name == "AliasAttribute").SelectMany(a => Strings(a.ConstructorArguments[0])).ToList());
    }

    /// <summary>The strings of a <c>params string[]</c> attribute argument.</summary>
    private static IEnumerable<string> Strings(CustomAttributeTypedArgument argument) =>
        argument.Value is IReadOnlyCollection<CustomAttributeTypedArgument> list ? list.Select(i => (string)i.Value!) : [(string)argument.Value!];

    /// <summary>The member name of an enum attribute argument (its value is the underlying number).</summary>
    private static string EnumName(CustomAttributeTypedArgument argument) =>
        argument.ArgumentType.GetFields(BindingFlags.Public | BindingFlags.Static).Single(f => Equals(f.GetRawConstantValue(), argument.Value)).Name;

    /// <summary>The type name help shows: Nullable&lt;T&gt; as T, arrays as T[].</summary>
    private static string TypeName(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0].Name : type.Name;

    private static CustomAttributeData? Attribute(Type type, string name) =>
        type.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.Name == name);

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}
