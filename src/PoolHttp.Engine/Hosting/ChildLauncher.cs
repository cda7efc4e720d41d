using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PoolHttp.Engine.Hosting;

/// <summary>
/// Finds how to start a child process (a process-pool worker or a stress client): the native child host
/// <c>poolhttp-host</c> (NativeAOT) when the build laid it out beside the engine; else <c>dotnet poolhttp-host.dll ...</c>
/// with the dotnet host that runs this process, or DOTNET_HOST_PATH, DOTNET_ROOT or PATH; else, inside pwsh with no
/// dotnet host anywhere, pwsh loading the same host assembly and calling its entry point.
/// The environment variable <see cref="HostVariable"/> forces one way: <c>dotnet</c> (the assembly, never the native
/// host) or <c>native</c> (the native host, an error where there is none); <c>auto</c> or unset picks as above.
/// </summary>
public static partial class ChildLauncher
{
    /// <summary>The file name of the child host (the PoolHttp.Host project), laid out beside the engine.</summary>
    public const string HostDll = "poolhttp-host.dll";

    /// <summary>The environment variable that picks the child host: <c>auto</c> (or unset), <c>dotnet</c> or <c>native</c>.</summary>
    public const string HostVariable = "POOLHTTP_CHILD_HOST";

    /// <summary>The file name of the native child host: the same program compiled with NativeAOT.</summary>
    public static string NativeHostFile => OperatingSystem.IsWindows() ? "poolhttp-host.exe" : "poolhttp-host";

    /// <summary>The folder of the engine assembly, where the child hosts are laid out.</summary>
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "An empty location (a single-file or native program) falls back to the program's own folder.")]
    public static string EngineFolder
    {
        get
        {
            string location = typeof(ChildLauncher).Assembly.Location;
            return location.Length > 0 ? Path.GetDirectoryName(location) ?? AppContext.BaseDirectory : AppContext.BaseDirectory;
        }
    }

    /// <summary>Builds the start information for a child with <paramref name="args"/> (the verb first).</summary>
    /// <exception cref="InvalidOperationException"><see cref="HostVariable"/> has a value other than auto, dotnet or native.</exception>
    /// <exception cref="FileNotFoundException">No child host can be run.</exception>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> args) => StartInfo(args, Environment.GetEnvironmentVariable(HostVariable));

    /// <summary>As <see cref="StartInfo(IReadOnlyList{string})"/>, with <paramref name="hostVariable"/> in place of the variable's value.</summary>
    internal static ProcessStartInfo StartInfo(IReadOnlyList<string> args, string? hostVariable)
    {
        ArgumentNullException.ThrowIfNull(args);
        string folder = EngineFolder;
        string choice = ChildHostChoice(hostVariable);
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            CreateNoWindow = true,
        };
        // The GC sizes gen0 from the L3 cache, and virtual machines report huge ones (480 MiB here): without a cap
        // every child's heap grows past 100 MiB under small requests. 200000 (hex, as both runtimes read it) is 2 MiB;
        // NativeAOT 8 ignored a value with a 0x prefix (the native host is now built with 10, which reads the bare form:
        // a child with 100000 collects every MiB); CoreCLR takes either.
        if (Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is null) info.Environment["DOTNET_GCgen0size"] = "200000";
        if (choice != "dotnet" && FindNativeHost(folder) is string native)
        {
            info.FileName = native;
            foreach (var a in args) info.ArgumentList.Add(a);
            return info;
        }
        if (choice == "native")
            throw new FileNotFoundException($"{HostVariable}=native, but the native child host {NativeHostFile} is not beside the engine in {folder} (or is not executable).", Path.Combine(folder, NativeHostFile));
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

    /// <summary>
    /// The native child host beside the engine in <paramref name="folder"/> (by default <see cref="EngineFolder"/>),
    /// or null when there is none or this process may not run it. A copy with no execute bit at all (a package
    /// format that keeps no file modes, as the PowerShell gallery's) gets execute bits where it has read bits, when
    /// this process owns it.
    /// </summary>
    public static string? FindNativeHost(string? folder = null)
    {
        string path = Path.Combine(folder ?? EngineFolder, NativeHostFile);
        if (!File.Exists(path)) return null;
        if (OperatingSystem.IsWindows()) return path;
        if (Unix.CanExecute(path)) return path;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & anyExecute) != 0) return null; // executable for others, or left so on purpose
            var execute = (mode.HasFlag(UnixFileMode.UserRead) ? UnixFileMode.UserExecute : 0)
                | (mode.HasFlag(UnixFileMode.GroupRead) ? UnixFileMode.GroupExecute : 0)
                | (mode.HasFlag(UnixFileMode.OtherRead) ? UnixFileMode.OtherExecute : 0);
            File.SetUnixFileMode(path, mode | execute);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return null;
        }
        return Unix.CanExecute(path) ? path : null;
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

    private static string ChildHostChoice(string? value)
    {
        string choice = (value ?? "").Trim().ToLowerInvariant();
        return choice switch
        {
            "" or "auto" => "auto",
            "dotnet" or "native" => choice,
            _ => throw new InvalidOperationException($"{HostVariable} is '{choice}'; it must be auto, dotnet or native."),
        };
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>access(2): whether this process may execute a file (its modes, its owner, a noexec mount).</summary>
    private static partial class Unix
    {
        private const int ExecuteOk = 1; // X_OK

        public static bool CanExecute(string path) => Access(path, ExecuteOk) == 0;

        [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        private static partial int Access(string path, int mode);
    }
}
