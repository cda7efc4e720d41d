using System.CommandLine;
using PoolHttp.Engine.Client;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp upload URL FILE...</c>: streams files to a server, one line per file.</summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var url = ClientCli.UrlArgument("The remote folder (the files keep their names), or the remote file when there is one FILE.");
        var files = new Argument<string[]>("FILE") { Description = "Local files to upload.", Arity = ArgumentArity.OneOrMore };
        var noOverwrite = new Option<bool>("--no-overwrite") { Description = "Refuse to replace a remote file that exists (the server answers 412)." };
        var form = new Option<bool>("--form") { Description = "Send a multipart/form-data POST instead of a PUT, for servers that only take forms." };
        var timeout = ClientCli.TimeoutOption();
        var command = new Command("upload", "Upload files (streaming PUT with Expect: 100-continue).") { url, files, noOverwrite, form, timeout };
        ClientCli.AddSecurityOptions(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return ClientCli.GuardAsync(async ct =>
            {
                var destination = ClientCli.ParseUrl(parse.GetValue(url), error);
                if (destination is null) return Program.UsageError;
                string[] paths = parse.GetValue(files) ?? Array.Empty<string>();
                // Several files always go into a folder, whether or not the URL ends with a slash.
                if (paths.Length > 1 && !destination.AbsolutePath.EndsWith('/')) destination = new Uri(destination.GetLeftPart(UriPartial.Path) + "/");
                using var client = ClientCli.CreateClient(parse, destination, parse.GetValue(timeout), error);
                if (client is null) return Program.UsageError;
                int failed = 0;
                foreach (string path in paths)
                {
                    var options = new UploadOptions(path, destination) { NoOverwrite = parse.GetValue(noOverwrite), Multipart = parse.GetValue(form) };
                    bool ok = await ClientCli.RunItemAsync(async () =>
                    {
                        var counter = new TransferCounter();
                        var result = await ProgressBar.ShowAsync(client.UploadAsync(options, counter, ct), counter, Path.GetFileName(path), error).ConfigureAwait(false);
                        output.WriteLine(ClientCli.Printable($"{result.Source} -> {result.Destination}: {ClientCli.Summary(result)}"));
                    }, error).ConfigureAwait(false);
                    if (!ok) failed++;
                }
                return failed == 0 ? 0 : Program.Failure;
            }, error, cancellationToken);
        });
        return command;
    }
}
