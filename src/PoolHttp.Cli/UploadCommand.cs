using System.CommandLine;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp upload URL FILE...</c>: streams files to a server, one line per file.</summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var url = ClientCli.UrlArgument("The remote folder (the files keep their names), or the remote file when there is one FILE.");
        var files = new Argument<string[]>("FILE") { Description = "Local files (folders with --recursive) to upload.", Arity = ArgumentArity.OneOrMore };
        var noOverwrite = new Option<bool>("--no-overwrite") { Description = "Refuse to replace a remote file that exists (the server answers 412)." };
        var ifMatch = new Option<string?>("--if-match") { Description = "Replace the remote file only while its ETag is ETAG (If-Match; '*': only while it exists); otherwise the server answers 412 and keeps it.", HelpName = "ETAG" };
        var form = new Option<bool>("--form") { Description = "Send a multipart/form-data POST instead of a PUT, for servers that only take forms." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Send folders with everything below them (names starting with a dot left out) into URL, a folder." };
        var timeout = ClientCli.TimeoutOption();
        var command = new Command("upload", "Upload files (streaming PUT with Expect: 100-continue).") { url, files, noOverwrite, ifMatch, form, recursive, timeout };
        ClientCli.AddSecurityOptions(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            return ClientCli.GuardAsync(async ct =>
            {
                var destination = ClientCli.ParseUrl(parse.GetValue(url), error);
                if (destination is null) return Program.UsageError;
                UploadPlan plan;
                try
                {
                    plan = new UploadPlan(destination, parse.GetValue(recursive), parse.GetValue(noOverwrite), parse.GetValue(form), parse.GetValue(ifMatch));
                }
                catch (PoolException e)
                {
                    ClientCli.Fail(error, e.Detail);
                    return Program.UsageError;
                }
                using var client = ClientCli.CreateClient(parse, destination, parse.GetValue(timeout), error);
                if (client is null) return Program.UsageError;
                int failed = 0;
                foreach (string path in parse.GetValue(files) ?? [])
                    failed += await SendAsync(client, plan.Add(path), parse.InvocationConfiguration, ct).ConfigureAwait(false);
                failed += await SendAsync(client, plan.Finish(), parse.InvocationConfiguration, ct).ConfigureAwait(false);
                return failed == 0 ? 0 : Program.Failure;
            }, error, cancellationToken);
        });
        return command;
    }

    /// <summary>Uploads the plan's steps one by one, a line for each on the output or on the error; how many failed.</summary>
    private static async Task<int> SendAsync(PoolHttpClient client, IEnumerable<UploadStep> steps, InvocationConfiguration console, CancellationToken ct)
    {
        int failed = 0;
        foreach (var step in steps)
        {
            bool ok = await ClientCli.RunItemAsync(async () =>
            {
                if (step.Refusal is not null) throw step.Refusal;
                var counter = new TransferCounter();
                var result = await ProgressBar.ShowAsync(client.UploadAsync(step.Upload, counter, ct), counter, Path.GetFileName(step.Source), console.Error).ConfigureAwait(false);
                console.Output.WriteLine(ClientCli.Printable($"{result.Source} -> {result.Destination}: {ClientCli.Summary(result)}"));
            }, console.Error).ConfigureAwait(false);
            if (!ok) failed++;
        }
        return failed;
    }
}
