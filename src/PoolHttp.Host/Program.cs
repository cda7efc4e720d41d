using System.Text;
using Microsoft.Win32.SafeHandles;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Host;

/// <summary>
/// <c>poolhttp-host</c>: the entry point of the child processes, started by the engine (<see cref="ChildLauncher"/>),
/// never by people. It only picks the child by its verb; the engine does the rest.
/// </summary>
public static class Program
{
    /// <summary>Exit code for a command line that names no child.</summary>
    public const int UsageError = 2;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Runs the child named by <paramref name="args"/>[0] on this process's standard streams.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string verb = args.Length > 0 ? args[0] : "";
        if (verb == WorkerChild.Verb)
        {
            // The pipes as plain streams, not System.Console: on Unix the console sets up terminal and signal
            // handling (a thread of its own) at first use, a millisecond of each child's start for pipes that are
            // no terminal. ChildWorker writes under its own lock and flushes each line; neither is disposed, as the
            // console's are not: on other systems a control thread may still be reading when the process ends.
            var control = new StreamReader(StandardStream(0, FileAccess.Read), Utf8);
            var report = new StreamWriter(StandardStream(1, FileAccess.Write), Utf8);
            return await WorkerChild.RunAsync(args, control, report, Console.Error).ConfigureAwait(false);
        }
        if (verb == StressClientArguments.Verb) return await StressClientProgram.RunAsync(args, Console.In, Console.Out).ConfigureAwait(false);
        Console.Error.WriteLine($"poolhttp-host: runs the child processes of PoolHttp ({WorkerChild.Verb}, {StressClientArguments.Verb}) for the engine; it is not started by hand.");
        return UsageError;
    }

    /// <summary>Standard input (0) or output (1), unbuffered (the reader and writer above buffer).</summary>
    private static Stream StandardStream(int fd, FileAccess access)
    {
        if (OperatingSystem.IsWindows()) return fd == 0 ? Console.OpenStandardInput() : Console.OpenStandardOutput();
        return new FileStream(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
    }
}
