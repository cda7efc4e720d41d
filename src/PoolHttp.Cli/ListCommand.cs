using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp list URL [--recurse] [--json|--csv]</c>: a remote folder as a table, JSON objects or CSV.</summary>
internal static class ListCommand
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static Command Create()
    {
        var url = ClientCli.UrlArgument("The remote folder.");
        var recurse = new Option<bool>("--recurse", "-r") { Description = "Also list every folder below." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of objects (Name, Type, Size, Modified, Uri)." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV with the columns Name, Type, Size, Modified, Uri." };
        var timeout = ClientCli.TimeoutOption();
        var command = new Command("list", "List a remote folder.") { url, recurse, json, csv, timeout };
        ClientCli.AddSecurityOptions(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return ClientCli.GuardAsync(async ct =>
            {
                if (parse.GetValue(json) && parse.GetValue(csv))
                {
                    ClientCli.Fail(error, "--json and --csv cannot be used together.");
                    return Program.UsageError;
                }
                var folder = ClientCli.ParseUrl(parse.GetValue(url), error);
                if (folder is null) return Program.UsageError;
                using var client = ClientCli.CreateClient(parse, folder, parse.GetValue(timeout), error);
                if (client is null) return Program.UsageError;
                IReadOnlyList<PoolFileInfo> entries = Array.Empty<PoolFileInfo>();
                bool ok = await ClientCli.RunItemAsync(async () =>
                    entries = await client.ListAsync(new ListOptions(folder, parse.GetValue(recurse)), ct).ConfigureAwait(false), error).ConfigureAwait(false);
                if (!ok) return Program.Failure;
                if (parse.GetValue(json)) WriteJson(entries, output);
                else if (parse.GetValue(csv)) WriteCsv(entries, output);
                else WriteTable(entries, folder, output);
                return 0;
            }, error, cancellationToken);
        });
        return command;
    }

    /// <summary>The objects' own properties, as <c>ConvertTo-Json</c> would name them, with the type spelled out.</summary>
    internal static void WriteJson(IReadOnlyList<PoolFileInfo> entries, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("Name", e.Name);
                w.WriteString("Type", e.Type.ToString());
                w.WriteNumber("Size", e.Size);
                w.WriteString("Modified", e.Modified.ToString(TimeFormat, CultureInfo.InvariantCulture));
                w.WriteString("Uri", e.Uri.AbsoluteUri);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>RFC 4180 CSV with a header row, the columns of <c>Export-Csv</c> on the cmdlet's objects.</summary>
    internal static void WriteCsv(IReadOnlyList<PoolFileInfo> entries, TextWriter output)
    {
        output.WriteLine("Name,Type,Size,Modified,Uri");
        foreach (var e in entries)
        {
            output.WriteLine(string.Join(',', Csv(e.Name), e.Type.ToString(), e.Size.ToString(CultureInfo.InvariantCulture),
                e.Modified.ToString(TimeFormat, CultureInfo.InvariantCulture), Csv(e.Uri.AbsoluteUri)));
        }
    }

    /// <summary>For people: type, size, time, and the path below the listed folder.</summary>
    private static void WriteTable(IReadOnlyList<PoolFileInfo> entries, Uri folder, TextWriter output)
    {
        string root = folder.AbsolutePath.EndsWith('/') ? folder.AbsolutePath : folder.AbsolutePath + "/";
        foreach (var e in entries)
        {
            string path = Uri.UnescapeDataString(e.Uri.AbsolutePath);
            string unescapedRoot = Uri.UnescapeDataString(root);
            string shown = path.StartsWith(unescapedRoot, StringComparison.Ordinal) ? path[unescapedRoot.Length..] : e.Name;
            string size = e.Type == PoolEntryType.Directory ? "-" : e.Size.ToString(CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(e.Type == PoolEntryType.Directory ? 'd' : '-')} {size,14} {e.Modified:yyyy-MM-dd HH:mm:ss} {shown}"));
        }
    }

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field.StartsWith(' ') || field.EndsWith(' ')
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
