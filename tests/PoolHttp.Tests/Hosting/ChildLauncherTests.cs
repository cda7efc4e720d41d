using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Tests.Hosting;

/// <summary>How the engine starts a child: the host beside the engine, never a type named in a string.</summary>
public class ChildLauncherTests
{
    private static string EngineFolder => Path.GetDirectoryName(typeof(ChildLauncher).Assembly.Location)!;

    [Fact]
    public void A_child_runs_the_native_host_beside_the_engine_when_there_is_one()
    {
        var info = ChildLauncher.StartInfo(new[] { StressClientArguments.Verb, "--a=b c" }, null);

        Assert.Equal(Path.Combine(EngineFolder, ChildLauncher.NativeHostFile), info.FileName);
        Assert.Equal(new[] { StressClientArguments.Verb, "--a=b c" }, info.ArgumentList);
        Assert.Equal(info.FileName, ChildLauncher.StartInfo(new[] { "worker" }, " Native ").FileName);
        Assert.Equal(info.FileName, ChildLauncher.StartInfo(new[] { "worker" }, "auto").FileName);
    }

    [Fact]
    public void Dotnet_forces_the_host_assembly_beside_the_engine_with_the_dotnet_host()
    {
        var info = ChildLauncher.StartInfo(new[] { StressClientArguments.Verb, "--a=b c" }, "dotnet");

        Assert.Equal(ChildLauncher.FindDotnetHost(), info.FileName);
        Assert.Equal(new[] { Path.Combine(EngineFolder, ChildLauncher.HostDll), StressClientArguments.Verb, "--a=b c" }, info.ArgumentList);
        Assert.True(File.Exists(info.ArgumentList[0]), $"{ChildLauncher.HostDll} is not beside the engine");
        // Hex without 0x: the only form both CoreCLR and NativeAOT read.
        Assert.Equal("200000", info.Environment["DOTNET_GCgen0size"]);
    }

    [Fact]
    public void An_unknown_host_choice_is_an_error_that_names_the_variable()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ChildLauncher.StartInfo(new[] { "worker" }, "jvm"));

        Assert.Contains(ChildLauncher.HostVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_native_host_without_execute_bits_gets_them_where_it_is_readable_and_is_used()
    {
        if (OperatingSystem.IsWindows()) return;
        string folder = Directory.CreateTempSubdirectory("poolhttp-launcher").FullName;
        try
        {
            string native = Path.Combine(folder, ChildLauncher.NativeHostFile);
            Assert.Null(ChildLauncher.FindNativeHost(folder));
            File.WriteAllText(native, "");
            File.SetUnixFileMode(native, UnixFileMode.None);
            Assert.Null(ChildLauncher.FindNativeHost(folder));
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(native));

            // As a package that keeps no file modes leaves it: rw-r--r--.
            File.SetUnixFileMode(native, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            Assert.Equal(native, ChildLauncher.FindNativeHost(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(native));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
