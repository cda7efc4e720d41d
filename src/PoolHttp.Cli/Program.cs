using System.CommandLine;

namespace PoolHttp.Cli;

/// <summary>The <c>poolhttp</c> command: serve, and the client and stress verbs.</summary>
public static class Program
{
    /// <summary>Exit code for a failure at run time.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for a bad command line.</summary>
    public const int UsageError = 2;

    public static int Main(string[] args)
    {
        var root = new RootCommand("PoolHttp: serve files over HTTP from a pool of workers, transfer files, and stress-test servers.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(UploadCommand.Create());
        root.Subcommands.Add(DownloadCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(DeleteCommand.Create());
        root.Subcommands.Add(MkdirCommand.Create());
        root.Subcommands.Add(StressCommand.Create());
        root.Subcommands.Add(HashPasswordCommand.Create());
        return root.Parse(args).Invoke();
    }
}
