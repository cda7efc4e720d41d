using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Tests.Hosting;

/// <summary>How the engine starts a child: the host beside the engine, never a type named in a string.</summary>
public class ChildLauncherTests
{
    [Fact]
    public void A_child_runs_the_host_beside_the_engine_with_the_dotnet_host()
    {
        var info = ChildLauncher.StartInfo(new[] { StressClientArguments.Verb, "--a=b c" });

        Assert.Equal(ChildLauncher.FindDotnetHost(), info.FileName);
        string engineFolder = Path.GetDirectoryName(typeof(ChildLauncher).Assembly.Location)!;
        Assert.Equal(new[] { Path.Combine(engineFolder, ChildLauncher.HostDll), StressClientArguments.Verb, "--a=b c" }, info.ArgumentList);
        Assert.True(File.Exists(info.ArgumentList[0]), $"{ChildLauncher.HostDll} is not beside the engine");
    }

    [Fact]
    public void The_pwsh_fallback_calls_the_host_assembly_entry_point_and_names_no_type_of_ours()
    {
        string command = ChildLauncher.PwshCommand("/opt/it's/poolhttp-host.dll", new[] { "worker", "--root=/a 'b'" });

        Assert.DoesNotContain("PoolHttp.", command, StringComparison.Ordinal);
        Assert.Contains("LoadFrom('/opt/it''s/poolhttp-host.dll')", command, StringComparison.Ordinal);
        Assert.Contains(".EntryPoint.Invoke(", command, StringComparison.Ordinal);
        Assert.Contains("@('worker','--root=/a ''b''')", command, StringComparison.Ordinal);
    }
}
