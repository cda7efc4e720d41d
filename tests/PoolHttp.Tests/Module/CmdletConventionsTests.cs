using System.Text.RegularExpressions;

namespace PoolHttp.Tests.Module;

/// <summary>The naming and declaration rules every cmdlet of the module follows (STYLE: Naming, The thin-cmdlet rule).</summary>
public class CmdletConventionsTests
{
    public static TheoryData<string> CmdletNames() => new(CompiledModule.Cmdlets.Select(c => c.Name));

    private static CompiledCmdlet Cmdlet(string name) => CompiledModule.Cmdlets.Single(c => c.Name == name);

    [Fact]
    public void The_module_compiles_the_server_cmdlets()
    {
        var names = CompiledModule.Cmdlets.Select(c => c.Name).ToList();
        Assert.Contains("Start-PoolHttpServer", names);
        Assert.Contains("Get-PoolHttpServer", names);
        Assert.Contains("Stop-PoolHttpServer", names);
    }

    [Theory, MemberData(nameof(CmdletNames))]
    public void Verb_is_an_approved_PowerShell_verb(string name) =>
        Assert.Contains(Cmdlet(name).Verb, CompiledModule.ApprovedVerbs);

    [Theory, MemberData(nameof(CmdletNames))]
    public void Noun_starts_with_Pool(string name) =>
        Assert.StartsWith("Pool", Cmdlet(name).Noun, StringComparison.Ordinal);

    [Theory, MemberData(nameof(CmdletNames))]
    public void Class_is_named_verb_noun_Command_in_a_file_of_that_name(string name)
    {
        var cmdlet = Cmdlet(name);
        Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", cmdlet.ClassName);
        string file = Path.Combine(CompiledModule.SourceDir, cmdlet.ClassName + ".cs");
        Assert.True(File.Exists(file), $"{cmdlet.ClassName} should live in {file}");
        Assert.Matches(new Regex($@"\bclass\s+{cmdlet.ClassName}\b"), File.ReadAllText(file));
    }

    [Fact]
    public void Every_Command_source_file_is_a_compiled_cmdlet()
    {
        var files = Directory.GetFiles(CompiledModule.SourceDir, "*Command.cs", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);
        Assert.Equal(CompiledModule.Cmdlets.Select(c => c.ClassName).Order(StringComparer.Ordinal), files);
    }

    [Theory, MemberData(nameof(CmdletNames))]
    public void Declares_OutputType_exactly_when_it_writes_objects(string name)
    {
        var cmdlet = Cmdlet(name);
        Assert.True(cmdlet.WritesObjects == cmdlet.OutputTypes.Count > 0,
            cmdlet.WritesObjects ? $"{name} writes objects but declares no [OutputType]" : $"{name} declares [OutputType] but never writes an object");
    }

    [Theory, MemberData(nameof(CmdletNames))]
    public void Numeric_parameters_declare_their_range(string name)
    {
        string[] numeric = ["Int32", "Int64", "Double", "Int32[]", "Int64[]", "Double[]"];
        foreach (var p in Cmdlet(name).Parameters.Where(p => numeric.Contains(p.TypeName)))
        {
            Assert.True(p.Attributes.Contains("ValidateRangeAttribute"), $"{name} -{p.Name} has no [ValidateRange]");
        }
    }

    [Theory, MemberData(nameof(CmdletNames))]
    public void Parameter_positions_are_unique_within_a_set(string name)
    {
        var positioned = Cmdlet(name).Parameters
            .Where(p => p.Position != "named")
            .SelectMany(p => p.Sets.Select(set => (set, p.Position)))
            .ToList();
        Assert.Equal(positioned.Count, positioned.Distinct().Count());
    }
}
