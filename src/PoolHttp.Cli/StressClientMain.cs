using PoolHttp.Engine.Stress;

namespace PoolHttp.Cli;

/// <summary>The entry point of a stress client child: <c>poolhttp stress-client ...</c>, written by the runner, not by people.</summary>
internal static class StressClientMain
{
    public static int Run(string[] args) => StressClientProgram.RunAsync(args, Console.In, Console.Out).GetAwaiter().GetResult();
}
