using System.Diagnostics;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Finds how to start a process-pool child: a native worker beside the engine if one was built; else
/// <c>dotnet poolhttp.dll worker ...</c> with the dotnet host that runs this process, or DOTNET_HOST_PATH,
/// DOTNET_ROOT or PATH; else, inside pwsh with no dotnet host anywhere, pwsh loading the same entry point.
/// </summary>
public static class WorkerLauncher
{
    /// <summary>The file name of the managed worker entry point (the poolhttp command).</summary>
    public const string WorkerDll = "poolhttp.dll";

    /// <summary>
    /// Builds the start information for a child with <paramref name="args"/>. Only the server's <c>worker</c> verb
    /// may run in the native worker; any other verb (the stress test's clients) runs in the managed entry point.
    /// </summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> args)
    {
        string folder = Path.GetDirectoryName(typeof(WorkerLauncher).Assembly.Location) ?? AppContext.BaseDirectory;
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            CreateNoWindow = true,
        };
        // The GC sizes gen0 from the L3 cache, and virtual machines report huge ones (480 MiB here): without a cap
        // every child's heap grows past 100 MiB under small requests. 0x200000 (hex, as the runtime reads it) is 2 MiB.
        if (Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is null) info.Environment["DOTNET_GCgen0size"] = "0x200000";
        string native = Path.Combine(folder, OperatingSystem.IsWindows() ? "poolhttp-worker.exe" : "poolhttp-worker");
        if (args.Count > 0 && args[0] == WorkerArguments.Verb && File.Exists(native) && Environment.GetEnvironmentVariable("POOLHTTP_MANAGED_WORKER") is null)
        {
            info.FileName = native;
            foreach (var a in args) info.ArgumentList.Add(a);
            return info;
        }
        string dll = Path.Combine(folder, WorkerDll);
        if (!File.Exists(dll)) throw new FileNotFoundException($"The worker entry point {WorkerDll} is not beside the engine in {folder}.", dll);
        string? host = FindDotnetHost();
        if (host is not null)
        {
            info.FileName = host;
            info.ArgumentList.Add(dll);
            foreach (var a in args) info.ArgumentList.Add(a);
            return info;
        }
        string? pwsh = Environment.ProcessPath;
        if (pwsh is null || !Path.GetFileNameWithoutExtension(pwsh).Equals("pwsh", StringComparison.OrdinalIgnoreCase))
            throw new FileNotFoundException("No dotnet host was found (checked this process, DOTNET_HOST_PATH, DOTNET_ROOT and PATH).");
        info.FileName = pwsh;
        foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-Command", PwshCommand(dll, args) }) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>The dotnet host to run the managed worker with, or null.</summary>
    public static string? FindDotnetHost()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileName(current).Equals(exe, StringComparison.OrdinalIgnoreCase)) return current;
        foreach (var candidate in new[]
        {
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is string root ? Path.Combine(root, exe) : null,
        })
        {
            if (candidate is not null && File.Exists(candidate)) return candidate;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, exe);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string PwshCommand(string dll, IReadOnlyList<string> args)
    {
        string quoted = string.Join(",", args.Select(a => "'" + a.Replace("'", "''", StringComparison.Ordinal) + "'"));
        return $"Add-Type -Path '{dll.Replace("'", "''", StringComparison.Ordinal)}'; exit [PoolHttp.Cli.Program]::Main(@({quoted}))";
    }
}
