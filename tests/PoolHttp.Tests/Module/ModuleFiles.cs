using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PoolHttp.Tests.Module;

/// <summary>The module's manifest, format and help files, read without PowerShell.</summary>
public static partial class ModuleFiles
{
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static string ManifestPath => Path.Combine(CompiledModule.ModuleSourceDir, "PoolHttp.psd1");

    public static string Manifest => File.ReadAllText(ManifestPath);

    /// <summary>A <c>Key = 'value'</c> entry of the manifest.</summary>
    public static string Scalar(string key)
    {
        var m = Regex.Match(Manifest, $@"(?m)^\s*{key}\s*=\s*'([^']*)'");
        Assert.True(m.Success, $"PoolHttp.psd1 has no {key} = '...'");
        return m.Groups[1].Value;
    }

    /// <summary>A <c>Key = @( 'a' 'b' )</c> entry of the manifest (items separated by commas or new lines).</summary>
    public static IReadOnlyList<string> List(string key)
    {
        var m = Regex.Match(Manifest, $@"(?m)^\s*{key}\s*=\s*@\(([^)]*)\)");
        Assert.True(m.Success, $"PoolHttp.psd1 has no {key} = @(...)");
        return QuotedItem().Matches(m.Groups[1].Value).Select(i => i.Groups[1].Value).ToList();
    }

    public static string HelpPath => Path.Combine(CompiledModule.ModuleSourceDir, "en-US", Scalar("RootModule") + "-Help.xml");

    public static IReadOnlyList<XElement> HelpCommands() => XDocument.Load(HelpPath).Root!.Elements(Command + "command").ToList();

    public static XElement HelpFor(string cmdlet) =>
        HelpCommands().SingleOrDefault(c => (string)c.Element(Command + "details")!.Element(Command + "name")! == cmdlet)
        ?? throw new Xunit.Sdk.XunitException($"{cmdlet} has no help in {HelpPath}");

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedItem();
}
