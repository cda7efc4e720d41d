using System.CommandLine;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Cli;

/// <summary>
/// <c>poolhttp stress</c>: runs the stress matrix against servers of our own (or an existing <c>--uri</c>), prints
/// each row as it finishes, and writes <c>--csv</c>, <c>--json</c> and an HTML <c>--report</c>. Exit code 0 only
/// when every client of every row succeeded.
/// </summary>
internal static class StressCommand
{
    public static Command Create()
    {
        var operation = new Option<string>("--operation") { Description = "Operations, comma-separated: upload, download.", DefaultValueFactory = _ => "upload,download" };
        var size = new Option<string>("--size") { Description = "File sizes, comma-separated (KB, MB, GB or bytes).", DefaultValueFactory = _ => "10MB,50MB,100MB" };
        var clients = new Option<string>("--clients") { Description = "Client worker counts, comma-separated.", DefaultValueFactory = _ => "1,5,50" };
        var serverWorkers = new Option<string>("--server-workers") { Description = "Server worker counts, comma-separated (one server each).", DefaultValueFactory = _ => "1,5,50" };
        var clientMode = new Option<StressClientMode>("--client-mode") { Description = "Clients as threads or as child processes: thread, process.", DefaultValueFactory = _ => StressClientMode.Thread };
        var serverMode = new Option<ServerMode>("--server-mode") { Description = "Our servers' worker model: thread, process.", DefaultValueFactory = _ => ServerMode.Thread };
        var uri = new Option<string?>("--uri") { Description = "Stress an existing server (a folder URL) instead of starting our own." };
        var timeout = ClientCli.TimeoutOption();
        var repetitions = new Option<int>("--repetitions") { Description = "Run each combination this many times (a row each).", DefaultValueFactory = _ => 1 };
        var csv = new Option<string?>("--csv") { Description = "Write the table as CSV to this file (row by row)." };
        var json = new Option<string?>("--json") { Description = "Write the table as JSON to this file." };
        var report = new Option<string?>("--report") { Description = "Write an HTML report (table and charts) to this file." };
        var title = new Option<string?>("--title") { Description = "The report's title." };
        var fromCsv = new Option<string?>("--from-csv") { Description = "Run nothing: read rows from earlier CSVs ([LABEL=]PATH, comma-separated) for --report, --json, --csv." };
        var tls = new Option<bool>("--tls") { Description = "Our own servers speak HTTPS (a self-signed certificate made for the run), to see what TLS costs." };
        var insecure = new Option<bool>("--insecure-skip-certificate-check") { Description = "With --uri https://...: accept any certificate (self-signed test servers only)." };
        var ca = new Option<string?>("--ca-certificate") { Description = "With --uri https://...: trust the certificates in this PEM, DER or PFX file." };
        var user = new Option<string?>("--user") { Description = $"With --uri: send this user (HTTP Basic); the password comes from --password-file or {PasswordVariable.Name}." };
        var passwordFile = new Option<string?>("--password-file") { Description = "File whose first line is the --user password." };
        var allowUnencrypted = ClientCli.AllowUnencryptedAuthOption();
        var startAt = new Option<string?>("--start-at") { Description = "Start every client of the first row at this time (ISO 8601, e.g. 2026-12-01T12:00:00Z), so that several hosts start together." };
        var rowInterval = new Option<double>("--row-interval") { Description = "With --start-at: seconds from one row's start to the next one's (a row's clients have half of it).", DefaultValueFactory = _ => 60 };
        var perClient = new Option<bool>("--per-client") { Description = "--csv and --json hold one record per client transfer (row, client, host, start and end UTC, bytes, succeeded, error) instead of rows." };
        var command = new Command("stress", "Stress-test a server: a matrix of operations, file sizes, clients and server workers, one row each.")
        {
            operation, size, clients, serverWorkers, clientMode, serverMode, uri, timeout, repetitions, csv, json, report, title, fromCsv,
            tls, insecure, ca, user, passwordFile, allowUnencrypted, startAt, rowInterval, perClient,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var files = new StressOutputs(parse.GetValue(csv), parse.GetValue(json), parse.GetValue(report), parse.GetValue(title), parse.GetValue(perClient));
            return ClientCli.GuardAsync(async ct =>
            {
                if (parse.GetValue(fromCsv) is string sources) return StressOutputs.FromCsv(sources, files, output, error);
                StressOptions options;
                try
                {
                    options = Build(parse.GetValue(operation)!, parse.GetValue(size)!, parse.GetValue(clients)!, parse.GetValue(serverWorkers)!,
                        parse.GetValue(uri), parse.GetValue(timeout), parse.GetValue(repetitions)) with
                    {
                        ClientMode = parse.GetValue(clientMode), ServerMode = parse.GetValue(serverMode),
                        Tls = parse.GetValue(tls), SkipCertificateCheck = parse.GetValue(insecure),
                        CaCertificatePath = parse.GetValue(ca) is string path ? Path.GetFullPath(path) : null,
                        Credential = Secrets.Credential(parse.GetValue(user), parse.GetValue(passwordFile)),
                        AllowUnencryptedAuthentication = parse.GetValue(allowUnencrypted),
                        StartAt = StartTime(parse.GetValue(startAt)),
                        RowInterval = TimeSpan.FromSeconds(parse.GetValue(rowInterval)),
                    };
                    options.Validate();
                }
                catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or PoolException)
                {
                    ClientCli.Fail(error, e.Message);
                    return Program.UsageError;
                }
                return await RunAsync(options, files, output, error, ct).ConfigureAwait(false);
            }, error, cancellationToken);
        });
        return command;
    }

    /// <summary>The options from the command line's comma lists; throws <see cref="FormatException"/> for a bad value.</summary>
    internal static StressOptions Build(string operations, string sizes, string clients, string serverWorkers, string? uri, double timeoutSeconds, int repetitions)
    {
        if (!ClientCli.TryIdleTimeout(timeoutSeconds, out _)) throw new FormatException(ClientCli.TimeoutUsage);
        Uri? baseUri = null;
        if (uri is not null && (!Uri.TryCreate(uri, UriKind.Absolute, out baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)))
            throw new FormatException($"'{uri}' is not an http:// or https:// URL.");
        return StressOptions.Create(
            operations: List(operations, "--operation", s => Enum.TryParse<StressOperation>(s, true, out var o) && Enum.IsDefined(o)
                ? o : throw new FormatException($"'{s}' is not an operation (upload, download).")),
            fileSizes: List(sizes, "--size", Sizes.Parse),
            clientWorkers: List(clients, "--clients", Count),
            serverWorkers: List(serverWorkers, "--server-workers", Count),
            baseUri: baseUri, timeoutSeconds: timeoutSeconds, repetitions: repetitions);
    }

    /// <summary>An ISO 8601 time; one without an offset is local time. Throws <see cref="FormatException"/> for anything else.</summary>
    internal static DateTimeOffset? StartTime(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeLocal, out var at) ? at
        : throw new FormatException($"'{text}' is not a time (ISO 8601, e.g. 2026-12-01T12:00:00Z).");

    private static T[] List<T>(string text, string option, Func<string, T> parse)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new FormatException($"{option} needs at least one value.");
        return items.Select(parse).ToArray();
    }

    private static int Count(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new FormatException($"'{text}' is not a positive count.");

    private static async Task<int> RunAsync(StressOptions options, StressOutputs files, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = new StressProgress();
        var rows = new List<PoolStressResult>();
        var printer = new StressPrinter(output, error);
        using var csv = files.OpenCsv();
        try
        {
            printer.Header();
            var rowsOfRun = StressRunner.RunAsync(options, progress, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (rowsOfRun.ConfigureAwait(false))
            {
                while (await printer.WithProgressAsync(rowsOfRun.MoveNextAsync().AsTask(), progress).ConfigureAwait(false))
                {
                    var row = rowsOfRun.Current;
                    rows.Add(row);
                    printer.Row(row);
                    foreach (string line in files.CsvLines(row)) csv?.WriteLine(line);
                    csv?.Flush();
                }
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or UnauthorizedAccessException)
        {
            ClientCli.Fail(error, e.Message);
            return Program.Failure;
        }
        finally
        {
            files.WriteRest(rows);
        }
        int failed = rows.Sum(r => r.ClientsFailed);
        printer.Summary(rows);
        return failed == 0 ? 0 : Program.Failure;
    }
}
