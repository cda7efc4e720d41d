using System.Text.Json;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Tests.Stress;

public class StressTableTests
{
    internal static PoolStressResult Sample(int number, int failed = 0, int? serverWorkers = 5) => new()
    {
        Number = number, Operation = StressOperation.Download, FileSizeBytes = 10 << 20, ClientWorkers = 5, ServerWorkers = serverWorkers,
        ClientMode = StressClientMode.Process, ServerMode = serverWorkers is null ? null : ServerMode.Thread, SecondsPerClient = 0.25,
        ThroughputPerClient = 41943040.5, ClientsSucceeded = 5 - failed, ClientsFailed = failed, ServerSucceeded = serverWorkers is null ? null : 5 - failed,
        ServerFailed = serverWorkers is null ? null : failed, SecondsP50 = 0.2, SecondsP95 = 0.3, SecondsMax = 0.31, AggregateThroughput = 1.5e8, WallSeconds = 0.33,
    };

    [Fact]
    public void Csv_rows_read_back_as_the_same_values_and_unknowns_stay_empty()
    {
        var rows = new[] { Sample(1), Sample(2, failed: 2, serverWorkers: null) };
        string csv = StressTable.CsvHeader + "\n" + string.Join("\n", rows.Select(StressTable.ToCsv)) + "\n";

        var back = StressTable.ReadCsv(new StringReader(csv));

        Assert.Equal("2,Download,10485760,5,,Process,,0.25,41943040.5,3,2,,,0.2,0.3,0.31,150000000,0.33", StressTable.ToCsv(rows[1]));
        Assert.Equal(rows.Select(StressTable.ToCsv), back.Select(StressTable.ToCsv));
    }

    [Fact]
    public void Export_csv_output_with_its_type_line_and_quotes_is_read_too()
    {
        string csv = "#TYPE PoolHttp.Engine.Results.PoolStressResult\n" + string.Join(",", StressTable.Columns.Select(c => $"\"{c}\"")) + "\n" +
            string.Join(",", StressTable.ToCsv(Sample(7)).Split(',').Select(c => $"\"{c}\"")) + "\n";

        var row = Assert.Single(StressTable.ReadCsv(new StringReader(csv)));

        Assert.Equal(StressTable.ToCsv(Sample(7)), StressTable.ToCsv(row));
    }

    [Fact]
    public void Json_has_the_column_names_and_nulls_for_unknowns()
    {
        using var stream = new MemoryStream();
        StressTable.WriteJson(stream, new[] { Sample(1, serverWorkers: null) });

        using var doc = JsonDocument.Parse(stream.ToArray());
        var row = Assert.Single(doc.RootElement.EnumerateArray().ToArray());
        Assert.Equal(StressTable.Columns, row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("ServerWorkers").ValueKind);
        Assert.Equal("Download", row.GetProperty("Operation").GetString());
    }

    [Fact]
    public void The_report_is_self_contained_and_shows_failures()
    {
        var sets = new[] { new StressReportSet(null, new[] { Sample(1), Sample(2, failed: 1) }), new StressReportSet("nginx", new[] { Sample(1, serverWorkers: null) }) };
        var html = new StringWriter();

        StressReport.Write(html, "Test <report>", sets, DateTimeOffset.UnixEpoch);

        string page = html.ToString();
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("Test &lt;report&gt;", page, StringComparison.Ordinal);
        Assert.Contains("Thread server", page, StringComparison.Ordinal);
        Assert.Contains("nginx", page, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"failed\">", page, StringComparison.Ordinal);
        foreach (var external in new[] { "<script", "http://", "https://", "src=", "href=", "@import", "url(" })
            Assert.DoesNotContain(external, page, StringComparison.OrdinalIgnoreCase);
    }
}
