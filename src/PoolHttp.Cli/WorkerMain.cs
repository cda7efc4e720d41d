using PoolHttp.Engine.Workers;

namespace PoolHttp.Cli;

/// <summary>The entry point of a Process-mode child: <c>poolhttp worker ...</c>, written by the parent, not by people.</summary>
internal static class WorkerMain
{
    public static int Run(string[] args)
    {
        WorkerArguments parsed;
        try
        {
            parsed = WorkerArguments.Parse(args);
        }
        catch (FormatException e)
        {
            return CliErrors.Fail("worker: " + e.Message, Program.UsageError);
        }
        return ChildWorker.RunAsync(parsed, Console.In, Console.Out).GetAwaiter().GetResult();
    }
}
