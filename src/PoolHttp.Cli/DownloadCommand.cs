using System.CommandLine;
using PoolHttp.Engine.Client;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp download URL [-o PATH] [--resume]</c>: one file, renamed into place only when complete.</summary>
internal static class DownloadCommand
{
    public static Command Create()
    {
        var url = ClientCli.UrlArgument("The remote file.");
        var outputPath = new Option<string>("--output", "-o")
        {
            Description = "The local file, or a folder to put it in under its remote name (default: the current folder).",
            DefaultValueFactory = _ => ".",
        };
        var resume = new Option<bool>("--resume") { Description = "Keep a failed download's bytes (FILE.part) and continue them, or a half-written FILE left by another tool, with a Range request." };
        var timeout = ClientCli.TimeoutOption();
        var command = new Command("download", "Download a file (kept as FILE.part until complete).") { url, outputPath, resume, timeout };
        ClientCli.AddSecurityOptions(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return ClientCli.GuardAsync(async ct =>
            {
                var source = ClientCli.ParseUrl(parse.GetValue(url), error);
                if (source is null) return Program.UsageError;
                using var client = ClientCli.CreateClient(parse, source, parse.GetValue(timeout), error);
                if (client is null) return Program.UsageError;
                var options = new DownloadOptions(source, parse.GetValue(outputPath)!) { Resume = parse.GetValue(resume) };
                bool ok = await ClientCli.RunItemAsync(async () =>
                {
                    var counter = new TransferCounter();
                    var result = await ProgressBar.ShowAsync(client.DownloadAsync(options, counter, ct), counter, source.Segments[^1], error).ConfigureAwait(false);
                    string resumed = result.Resumed ? $" (resumed at {TransferCounter.FormatBytes(result.Length - result.BytesTransferred)})" : "";
                    output.WriteLine(ClientCli.Printable($"{result.Source} -> {result.Destination}: {ClientCli.Summary(result)}{resumed}"));
                }, error).ConfigureAwait(false);
                return ok ? 0 : Program.Failure;
            }, error, cancellationToken);
        });
        return command;
    }
}
