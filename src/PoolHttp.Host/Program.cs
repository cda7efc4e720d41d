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

    /// <summary>Runs the child named by <paramref name="args"/>[0] on this process's standard streams.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string verb = args.Length > 0 ? args[0] : "";
        if (verb == WorkerChild.Verb) return await WorkerChild.RunAsync(args, Console.In, Console.Out, Console.Error).ConfigureAwait(false);
        if (verb == StressClientArguments.Verb) return await StressClientProgram.RunAsync(args, Console.In, Console.Out).ConfigureAwait(false);
        Console.Error.WriteLine($"poolhttp-host: runs the child processes of PoolHttp ({WorkerChild.Verb}, {StressClientArguments.Verb}) for the engine; it is not started by hand.");
        return UsageError;
    }
}
