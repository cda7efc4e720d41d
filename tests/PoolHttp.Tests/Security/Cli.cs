using System.CommandLine;
using PoolHttp.Cli;

namespace PoolHttp.Tests.Security;

/// <summary>Runs the client verbs in process, as <c>poolhttp</c> does, with stdout and stderr captured.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { UploadCommand.Create(), DownloadCommand.Create(), ListCommand.Create(), DeleteCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
