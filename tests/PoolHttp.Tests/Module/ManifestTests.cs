using System.Xml.Linq;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Server;

namespace PoolHttp.Tests.Module;

/// <summary>PoolHttp.psd1 exports the compiled cmdlets by name, and out/PoolHttp holds everything it names.</summary>
public class ManifestTests
{
    private static IEnumerable<string> Compiled => CompiledModule.Cmdlets.Select(c => c.Name);

    [Fact]
    public void Every_compiled_cmdlet_is_exported_by_name()
    {
        var exported = ModuleFiles.List("CmdletsToExport");
        Assert.All(Compiled, name => Assert.Contains(name, exported));
        Assert.DoesNotContain(exported, e => e.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public void Every_exported_cmdlet_is_compiled() =>
        Assert.All(ModuleFiles.List("CmdletsToExport"), name => Assert.Contains(name, Compiled));

    [Fact]
    public void Manifest_targets_PowerShell_7_4_Core_and_exports_nothing_else()
    {
        Assert.Equal("PoolHttp.Cmdlets.dll", ModuleFiles.Scalar("RootModule"));
        Assert.Equal("7.4", ModuleFiles.Scalar("PowerShellVersion"));
        Assert.Equal(["Core"], ModuleFiles.List("CompatiblePSEditions"));
        Assert.Empty(ModuleFiles.List("FunctionsToExport"));
        Assert.Empty(ModuleFiles.List("VariablesToExport"));
        Assert.Empty(ModuleFiles.List("AliasesToExport"));
    }

    [Fact]
    public void Built_module_folder_holds_everything_the_manifest_names()
    {
        string root = ModuleFiles.Scalar("RootModule");
        var expected = new List<string> { "PoolHttp.psd1", root, Path.Combine("en-US", root + "-Help.xml") };
        expected.AddRange(ModuleFiles.List("FormatsToProcess"));
        Assert.All(expected, f => Assert.True(File.Exists(Path.Combine(CompiledModule.OutDir, f)), $"out/PoolHttp/{f} is missing"));
    }

    [Fact]
    public void Manifest_names_the_project_and_its_licence()
    {
        Assert.Equal("https://github.com/poolhttp/poolhttp", ModuleFiles.Scalar("ProjectUri"));
        Assert.Equal("https://github.com/poolhttp/poolhttp/blob/main/LICENSE", ModuleFiles.Scalar("LicenseUri"));
    }

    [Fact]
    public void Repository_and_built_module_carry_the_same_MIT_licence()
    {
        string source = Path.Combine(CompiledModule.RepoRoot, "LICENSE");
        string built = Path.Combine(CompiledModule.OutDir, "LICENSE");
        Assert.True(File.Exists(source), "LICENSE is missing at the repository root");
        string text = File.ReadAllText(source);
        Assert.StartsWith("MIT License", text, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) 2026 PoolHttp contributors", text, StringComparison.Ordinal);
        Assert.True(File.Exists(built), "out/PoolHttp/LICENSE is missing");
        Assert.Equal(text, File.ReadAllText(built));
    }

    [Fact]
    public void Built_module_folder_carries_the_engine_and_the_child_host()
    {
        string[] files = ["PoolHttp.Engine.dll", "poolhttp-host.dll", "poolhttp-host.runtimeconfig.json", "poolhttp-host.deps.json", "poolhttp-host"];
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(CompiledModule.OutDir, f)), $"out/PoolHttp/{f} is missing"));
    }

    [Fact]
    public void Built_module_folder_never_carries_the_poolhttp_command_nor_its_command_line_library()
    {
        string[] files = ["poolhttp.dll", "poolhttp.runtimeconfig.json", "poolhttp.deps.json", "System.CommandLine.dll"];
        Assert.All(files, f => Assert.False(File.Exists(Path.Combine(CompiledModule.OutDir, f)), $"out/PoolHttp/{f} is there"));
    }

    [Fact]
    public void Built_module_folder_never_carries_System_Management_Automation()
    {
        var found = Directory.GetFiles(CompiledModule.OutDir, "System.Management.Automation*", SearchOption.AllDirectories);
        Assert.Empty(found);
    }

    [Fact]
    public void Built_module_files_are_the_current_sources()
    {
        foreach (string source in Directory.GetFiles(CompiledModule.ModuleSourceDir, "*", SearchOption.AllDirectories))
        {
            string built = Path.Combine(CompiledModule.OutDir, Path.GetRelativePath(CompiledModule.ModuleSourceDir, source));
            Assert.True(File.Exists(built), $"{built} is missing");
            Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(built)), $"{built} is stale");
        }
    }

    [Fact]
    public void Format_views_name_engine_types_and_cover_every_output_type()
    {
        var views = ModuleFiles.List("FormatsToProcess")
            .SelectMany(f => XDocument.Load(Path.Combine(CompiledModule.ModuleSourceDir, f)).Descendants("TypeName"))
            .Select(t => t.Value.Trim())
            .ToList();
        Assert.All(views, t => Assert.NotNull(typeof(PoolServer).Assembly.GetType(t)));
        Assert.All(CompiledModule.Cmdlets.SelectMany(c => c.OutputTypes).Distinct(), t => Assert.Contains(t, views));
    }
}
