using System.Diagnostics;

namespace PoolHttp.Tests.Dav;

/// <summary>
/// The third-party WebDAV clients the client tests drive (litmus, rclone, davfs2), installed from Debian's packages
/// on first use when missing (CI runs as root on a fresh Debian machine), and a way to run them with a deadline.
/// </summary>
internal static class ClientTools
{
    private static readonly Lazy<string?> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly (string Command, string Package)[] Tools =
        { ("litmus", "litmus"), ("rclone", "rclone"), ("mount.davfs", "davfs2") };

    /// <summary>Makes sure every tool is on the machine; fails the test with apt's output when it cannot be.</summary>
    public static void Ensure()
    {
        if (Installed.Value is { } failure) Assert.Fail(failure);
    }

    private static string? Install()
    {
        var missing = Tools.Where(t => Find(t.Command) is null).Select(t => t.Package).ToList();
        if (missing.Count == 0) return null;
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var first = Run("apt-get", new[] { "install", "-y", "-qq" }.Concat(missing), env, TimeSpan.FromMinutes(5));
        if (first.Exit != 0)
        {
            Run("apt-get", new[] { "update", "-qq" }, env, TimeSpan.FromMinutes(5));
            var second = Run("apt-get", new[] { "install", "-y", "-qq" }.Concat(missing), env, TimeSpan.FromMinutes(5));
            if (second.Exit != 0) return $"apt-get install {string.Join(' ', missing)} failed: {second.Output}";
        }
        var still = Tools.Where(t => Find(t.Command) is null).Select(t => t.Command).ToList();
        return still.Count == 0 ? null : "Still missing after apt-get: " + string.Join(", ", still);
    }

    /// <summary>The full path of a command on PATH (or in the sbin folders), or null.</summary>
    public static string? Find(string command)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(new[] { "/usr/sbin", "/sbin", "/usr/bin" });
        return folders.Select(f => Path.Join(f, command)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs a program to its end (killed with its children past <paramref name="deadline"/>) and returns its exit code and output.</summary>
    public static (int Exit, string Output) Run(string program, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? deadline = null, string? folder = null)
    {
        var info = new ProcessStartInfo(Find(program) ?? program)
        {
            WorkingDirectory = folder ?? Path.GetTempPath(),
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (env is not null)
        {
            foreach (var (k, v) in env) info.Environment[k] = v;
        }
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(deadline ?? TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, $"{program} timed out.\n{stdout.Result}\n{stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
