using System.Reflection;
using System.Text.RegularExpressions;
using PoolHttp.Engine.Results;

namespace PoolHttp.Tests.Module;

/// <summary>
/// The engine's rules are named after the domain, never after their caller, and Results (what users see) is a
/// leaf (Architecture/LayerTests reads every reference from the compiled engine; this reads the sources).
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
}
