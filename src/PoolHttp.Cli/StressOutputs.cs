using System.Text;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Cli;

/// <summary>
/// Where <c>poolhttp stress</c> writes its table: <c>--csv</c> row by row, <c>--json</c> and <c>--report</c> at the end;
/// with <paramref name="PerClient"/>, <c>--csv</c> and <c>--json</c> hold one record per client transfer instead of rows.
/// </summary>
internal sealed record StressOutputs(string? CsvPath, string? JsonPath, string? ReportPath, string? Title, bool PerClient = false)
{
    /// <summary>Opens the CSV file with its header; null when none was asked for.</summary>
    public StreamWriter? OpenCsv()
    {
        if (CsvPath is null) return null;
        var writer = new StreamWriter(CsvPath, append: false, new UTF8Encoding(false));
        writer.WriteLine(PerClient ? StressClientTable.CsvHeader : StressTable.CsvHeader);
        writer.Flush();
        return writer;
    }

    /// <summary>The lines a finished row adds to the CSV: the row, or its clients.</summary>
    public IEnumerable<string> CsvLines(PoolStressResult row) =>
        PerClient ? row.GetClients().Select(StressClientTable.ToCsv) : new[] { StressTable.ToCsv(row) };

    /// <summary>Writes the JSON and the report, also after a failure or a cancel (with the rows there are).</summary>
    public void WriteRest(IReadOnlyList<PoolStressResult> rows)
    {
        if (PerClient && JsonPath is not null)
        {
            using (var stream = File.Create(JsonPath)) StressClientTable.WriteJson(stream, rows.SelectMany(r => r.GetClients()));
            (this with { JsonPath = null }).WriteRest(new[] { new StressReportSet(null, rows) });
        }
        else
        {
            WriteRest(new[] { new StressReportSet(null, rows) });
        }
    }

    private void WriteRest(IReadOnlyList<StressReportSet> sets)
    {
        if (JsonPath is not null)
        {
            using var stream = File.Create(JsonPath);
            StressTable.WriteJson(stream, sets.SelectMany(s => s.Rows));
        }
        if (ReportPath is not null)
        {
            using var writer = new StreamWriter(ReportPath, append: false, new UTF8Encoding(false));
            StressReport.Write(writer, Title ?? "PoolHttp stress test", sets, DateTimeOffset.Now);
        }
    }

    /// <summary>
    /// <c>--from-csv [LABEL=]PATH,...</c>: no run; the rows of earlier runs, each file a series of its own in the
    /// report (named LABEL, or after its server mode), written out as asked and printed.
    /// </summary>
    public static int FromCsv(string sources, StressOutputs outputs, TextWriter output, TextWriter error)
    {
        var sets = new List<StressReportSet>();
        try
        {
            foreach (var source in sources.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = source.IndexOf('=');
                string? label = eq > 0 ? source[..eq] : null;
                string path = eq > 0 ? source[(eq + 1)..] : source;
                using var reader = new StreamReader(path);
                sets.Add(new StressReportSet(label, StressTable.ReadCsv(reader)));
            }
            if (outputs.CsvPath is not null)
            {
                using var csv = outputs.OpenCsv()!;
                foreach (var row in sets.SelectMany(s => s.Rows)) csv.WriteLine(StressTable.ToCsv(row));
            }
            outputs.WriteRest(sets);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            ClientCli.Fail(error, e.Message);
            return Program.Failure;
        }
        var printer = new StressPrinter(output, error);
        printer.Header();
        var all = sets.SelectMany(s => s.Rows).ToList();
        foreach (var row in all) printer.Row(row);
        printer.Summary(all);
        return all.All(r => r.ClientsFailed == 0) ? 0 : Program.Failure;
    }
}
