using System.CommandLine;
using PoolHttp.Engine.Client;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp delete URL [--recursive]</c>.</summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var url = ClientCli.UrlArgument("The remote file or folder.");
        var recursive = new Option<bool>("--recursive") { Description = "Delete a non-empty folder with everything in it." };
        var timeout = ClientCli.TimeoutOption();
        var command = new Command("delete", "Delete a remote file or folder.") { url, recursive, timeout };
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
                    await client.DeleteAsync(new DeleteOptions(target, parse.GetValue(recursive)), ct).ConfigureAwait(false);
                    output.WriteLine(ClientCli.Printable($"deleted {target}"));
                }, error).ConfigureAwait(false);
                return ok ? 0 : Program.Failure;
            }, error, cancellationToken);
        });
        return command;
    }
}
