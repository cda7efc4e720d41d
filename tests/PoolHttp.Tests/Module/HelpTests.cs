using System.Xml.Linq;

namespace PoolHttp.Tests.Module;

/// <summary>The MAML help says what the compiled cmdlets do: every cmdlet, parameter, binding and output type.</summary>
public class HelpTests
{
    private static readonly XNamespace Command = ModuleFiles.Command, Maml = ModuleFiles.Maml, Dev = ModuleFiles.Dev;

    public static TheoryData<string> CmdletNames() => new(CompiledModule.Cmdlets.Select(c => c.Name));

    private static CompiledCmdlet Cmdlet(string name) => CompiledModule.Cmdlets.Single(c => c.Name == name);

    [Theory, MemberData(nameof(CmdletNames))]
    public void Help_has_a_synopsis_a_description_and_examples(string name)
    {
        var help = ModuleFiles.HelpFor(name);
        Assert.False(string.IsNullOrWhiteSpace(help.Element(Command + "details")!.Element(Maml + "description")?.Value), "synopsis");
        Assert.False(string.IsNullOrWhiteSpace(help.Element(Maml + "description")?.Value), "description");
        var examples = help.Element(Command + "examples")?.Elements(Command + "example").ToList() ?? [];
        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.Contains(name, e.Element(Dev + "code")!.Value, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(CmdletNames))]
    public void Help_parameters_are_the_compiled_parameters(string name)
    {
        var cmdlet = Cmdlet(name);
        var help = ModuleFiles.HelpFor(name).Element(Command + "parameters")!.Elements(Command + "parameter")
            .ToDictionary(p => p.Element(Maml + "name")!.Value);
        var expected = cmdlet.Parameters.Select(p => p.Name)
            .Concat(cmdlet.SupportsShouldProcess ? ["WhatIf", "Confirm"] : Array.Empty<string>());
        Assert.Equal(expected.Order(StringComparer.Ordinal), help.Keys.Order(StringComparer.Ordinal));
        foreach (var p in cmdlet.Parameters)
        {
            var h = help[p.Name];
            Assert.True(p.Mandatory.ToString().Equals((string?)h.Attribute("required"), StringComparison.OrdinalIgnoreCase), $"-{p.Name} required");
            Assert.True(p.Position == (string?)h.Attribute("position"), $"-{p.Name} position: compiled {p.Position}, help {h.Attribute("position")}");
            Assert.True(p.PipelineInput == (string?)h.Attribute("pipelineInput"), $"-{p.Name} pipelineInput: compiled {p.PipelineInput}, help {h.Attribute("pipelineInput")}");
            Assert.True(p.TypeName == h.Element(Dev + "type")?.Element(Maml + "name")?.Value, $"-{p.Name} type: compiled {p.TypeName}");
            Assert.False(string.IsNullOrWhiteSpace(h.Element(Maml + "description")?.Value), $"-{p.Name} has no description");
            string aliases = p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases);
            Assert.True(aliases == (string?)h.Attribute("aliases"), $"-{p.Name} aliases: compiled {aliases}, help {h.Attribute("aliases")}");
        }
    }

    [Theory, MemberData(nameof(CmdletNames))]
    public void Help_syntax_names_every_parameter(string name)
    {
        var help = ModuleFiles.HelpFor(name);
        var documented = help.Element(Command + "parameters")!.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value);
        var syntax = help.Element(Command + "syntax")!.Elements(Command + "syntaxItem")
            .SelectMany(s => s.Elements(Command + "parameter")).Select(p => p.Element(Maml + "name")!.Value).Distinct();
        Assert.Equal(documented.Order(StringComparer.Ordinal), syntax.Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(CmdletNames))]
    public void Help_outputs_are_the_declared_OutputTypes(string name)
    {
        var outputs = ModuleFiles.HelpFor(name).Element(Command + "returnValues")!.Elements(Command + "returnValue")
            .Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value)
            .Where(t => t != "None");
        Assert.Equal(Cmdlet(name).OutputTypes.Order(StringComparer.Ordinal), outputs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Help_documents_only_compiled_or_exported_cmdlets()
    {
        var known = CompiledModule.Cmdlets.Select(c => c.Name).Concat(ModuleFiles.List("CmdletsToExport")).ToHashSet();
        Assert.All(ModuleFiles.HelpCommands(), c => Assert.Contains(c.Element(Command + "details")!.Element(Command + "name")!.Value, known));
    }

    [Fact]
    public void About_topic_has_the_standard_sections_and_is_laid_out()
    {
        const string Topic = "about_PoolHttp.help.txt";
        string text = File.ReadAllText(Path.Combine(CompiledModule.ModuleSourceDir, "en-US", Topic)).ReplaceLineEndings("\n");
        string[] sections = ["SHORT DESCRIPTION", "LONG DESCRIPTION", "SEE ALSO"];
        var at = sections.Select(h => text.IndexOf("\n" + h + "\n", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("TOPIC\n    about_PoolHttp\n", text, StringComparison.Ordinal);
        Assert.All(at, i => Assert.True(i > 0, $"{Topic} lacks one of {string.Join(", ", sections)}"));
        Assert.Equal(at.Order(), at);
        Assert.All(ModuleFiles.List("CmdletsToExport"), c => Assert.Contains(c, text, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(CompiledModule.OutDir, "en-US", Topic)), $"out/PoolHttp/en-US/{Topic} is missing");
    }
}
