using System.CommandLine;
using PoolHttp.Engine.Client;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp mkdir URL</c>: creates a remote folder (MKCOL).</summary>
internal static class MkdirCommand
{
    public static Command Create()
    {
        var url = ClientCli.UrlArgument("The remote folder to create; its parent must exist.");
        var timeout = ClientCli.TimeoutOption();
        var command = new Command("mkdir", "Create a remote folder.") { url, timeout };
        ClientCli.AddSecurityOptions(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return ClientCli.GuardAsync(async ct =>
            {
                var target = ClientCli.ParseUrl(parse.GetValue(url), error);
                if (target is null) return Program.UsageError;
                using var client = ClientCli.CreateClient(parse, target, parse.GetValue(timeout), error);
                if (client is null) return Program.UsageError;
                bool ok = await ClientCli.RunItemAsync(async () =>
                {
                    var folder = await client.CreateFolderAsync(new FolderOptions(target), ct).ConfigureAwait(false);
                    output.WriteLine(ClientCli.Printable($"created {folder.Uri}"));
                }, error).ConfigureAwait(false);
                return ok ? 0 : Program.Failure;
            }, error, cancellationToken);
        });
        return command;
    }
}
