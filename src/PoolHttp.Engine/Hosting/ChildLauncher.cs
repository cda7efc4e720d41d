using System.Diagnostics;
using System.Reflection;

namespace PoolHttp.Engine.Hosting;

/// <summary>
/// Finds how to start a child process (a process-pool worker or a stress client): <c>dotnet poolhttp-host.dll ...</c>
/// with the dotnet host that runs this process, or DOTNET_HOST_PATH, DOTNET_ROOT or PATH; else, inside pwsh with no
/// dotnet host anywhere, pwsh loading the same host assembly and calling its entry point.
/// </summary>
public static class ChildLauncher
{
    /// <summary>The file name of the child host (the PoolHttp.Host project), laid out beside the engine.</summary>
    public const string HostDll = "poolhttp-host.dll";

    /// <summary>Builds the start information for a child with <paramref name="args"/> (the verb first).</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string folder = Path.GetDirectoryName(typeof(ChildLauncher).Assembly.Location) ?? AppContext.BaseDirectory;
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
        string dll = Path.Combine(folder, HostDll);
        if (!File.Exists(dll)) throw new FileNotFoundException($"The child host {HostDll} is not beside the engine in {folder}.", dll);
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

    /// <summary>The dotnet host to run the child host with, or null.</summary>
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

    /// <summary>
    /// The pwsh command that runs the host in-process: it loads <paramref name="dll"/> and invokes the assembly's own
    /// entry point, so no type or method of ours is named in the text.
    /// </summary>
    internal static string PwshCommand(string dll, IReadOnlyList<string> args)
    {
        string quoted = string.Join(",", args.Select(Quote));
        return $"$assembly = [{typeof(Assembly).FullName}]::{nameof(Assembly.LoadFrom)}({Quote(dll)}); " +
               $"exit $assembly.{nameof(Assembly.EntryPoint)}.{nameof(MethodBase.Invoke)}($null, [object[]]@(,[string[]]@({quoted})))";
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
