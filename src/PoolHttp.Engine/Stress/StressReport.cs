using System.Globalization;
using System.Net;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// A self-contained HTML report of stress runs: summary figures, charts of throughput per client against client
/// workers (one line per file size, the runs side by side), and the whole table with failures marked. Inline CSS
/// and inline SVG only: no script, no font, no request to anywhere.
/// </summary>
public static partial class StressReport
{
    /// <summary>Writes the page for <paramref name="sets"/> (one per run, shown side by side).</summary>
    public static void Write(TextWriter writer, string title, IReadOnlyList<StressReportSet> sets, DateTimeOffset generated)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sets);
        var all = sets.SelectMany(s => s.Rows).ToList();
        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        writer.WriteLine($"<title>{E(title)}</title><style>{Css}</style></head><body><main>");
        writer.WriteLine($"<header><h1>{E(title)}</h1><p class=\"sub\">{E(Subtitle(sets, generated))}</p></header>");
        WriteSummary(writer, all);
        foreach (var operation in all.Select(r => r.Operation).Distinct().Order())
        {
            writer.WriteLine($"<section><h2>{operation}: throughput per client</h2>");
            writer.WriteLine("<p class=\"note\">Mean MiB/s of one client against the number of clients running at once; one line per file size. " +
                "Failed clients count as 0 MiB/s, and a point where any client failed is ringed in red.</p>");
            WriteChartGrid(writer, sets, operation, r => r.ThroughputPerClient);
            writer.WriteLine($"<h3>{operation}: aggregate throughput</h3>");
            writer.WriteLine("<p class=\"note\">All bytes moved successfully over the row's wall time.</p>");
            WriteChartGrid(writer, sets, operation, r => r.AggregateThroughput);
            writer.WriteLine("</section>");
        }
        WriteTable(writer, sets);
        writer.WriteLine("</main></body></html>");
    }

    private static string Subtitle(IReadOnlyList<StressReportSet> sets, DateTimeOffset generated) => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join(" · ", sets.Select(s => s.DisplayLabel))} · clients as {string.Join(" and ", sets.SelectMany(s => s.Rows).Select(r => r.ClientMode == StressClientMode.Thread ? "threads" : "processes").Distinct())} · " +
        $"{Environment.ProcessorCount} cores · generated {generated:yyyy-MM-dd HH:mm zzz}");

    private static void WriteSummary(TextWriter w, IReadOnlyList<PoolStressResult> rows)
    {
        int clients = rows.Sum(r => r.ClientWorkers);
        int failed = rows.Sum(r => r.ClientsFailed);
        int failedRows = rows.Count(r => r.ClientsFailed > 0);
        long moved = rows.Sum(r => (long)r.ClientsSucceeded * r.FileSizeBytes);
        double best = rows.Count == 0 ? 0 : rows.Max(r => r.AggregateThroughput);
        w.WriteLine("<div class=\"cards\">");
        Card(w, "Rows", rows.Count.ToString(CultureInfo.InvariantCulture), failedRows == 0 ? "all rows clean" : $"{failedRows} with failures", failedRows > 0);
        Card(w, "Clients", $"{clients - failed} / {clients}", failed == 0 ? "every client succeeded" : $"{failed} failed", failed > 0);
        Card(w, "Data verified", TransferCounter.FormatBytes(moved), "length and SHA-256 checked", false);
        Card(w, "Transfer time", Seconds(rows.Sum(r => r.WallSeconds)), "sum of the rows' wall times", false);
        Card(w, "Best aggregate", Rate(best), "over all rows", false);
        w.WriteLine("</div>");
    }

    private static void Card(TextWriter w, string label, string value, string note, bool bad) =>
        w.WriteLine($"<div class=\"card{(bad ? " bad" : "")}\"><div class=\"label\">{E(label)}</div><div class=\"value\">{E(value)}</div><div class=\"note\">{E(note)}</div></div>");

    private static void WriteTable(TextWriter w, IReadOnlyList<StressReportSet> sets)
    {
        bool labelled = sets.Count > 1;
        w.WriteLine("<section><h2>All rows</h2><div class=\"tablewrap\"><table><thead><tr>");
        if (labelled) w.Write("<th>Series</th>");
        foreach (var column in StressTable.Columns) w.Write($"<th title=\"{E(column)}\">{E(Heading(column))}</th>");
        w.WriteLine("</tr></thead><tbody>");
        foreach (var set in sets)
        {
            foreach (var r in set.Rows)
            {
                w.Write(r.ClientsFailed > 0 ? "<tr class=\"failed\">" : "<tr>");
                if (labelled) w.Write($"<td class=\"text series\">{E(set.DisplayLabel)}</td>");
                foreach (var cell in Cells(r)) w.Write(cell);
                w.WriteLine("</tr>");
            }
        }
        w.WriteLine("</tbody></table></div>");
        w.WriteLine("<p class=\"note\">Sizes in MiB, throughputs in MiB/s (the CSV and JSON have bytes and bytes/s), times in seconds.</p></section>");
    }

    private static IEnumerable<string> Cells(PoolStressResult r)
    {
        static string N(string text, string cls = "") => $"<td{(cls.Length > 0 ? $" class=\"{cls}\"" : "")}>{E(text)}</td>";
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        yield return N(r.Number.ToString(CultureInfo.InvariantCulture));
        yield return N(r.Operation.ToString(), "text");
        yield return N(F(r.FileSizeBytes / 1048576.0, "0.##"));
        yield return N(r.ClientWorkers.ToString(CultureInfo.InvariantCulture));
        yield return N(r.ServerWorkers?.ToString(CultureInfo.InvariantCulture) ?? "–");
        yield return N(r.ClientMode.ToString(), "text");
        yield return N(r.ServerMode?.ToString() ?? "–", "text");
        yield return N(F(r.SecondsPerClient, "0.000"));
        yield return N(F(r.ThroughputPerClient / 1048576.0, "0.0"));
        yield return N(r.ClientsSucceeded.ToString(CultureInfo.InvariantCulture));
        yield return N(r.ClientsFailed.ToString(CultureInfo.InvariantCulture), r.ClientsFailed > 0 ? "bad" : "");
        yield return N(r.ServerSucceeded?.ToString(CultureInfo.InvariantCulture) ?? "–");
        yield return N(r.ServerFailed?.ToString(CultureInfo.InvariantCulture) ?? "–", r.ServerFailed > 0 ? "bad" : "");
        yield return N(F(r.SecondsP50, "0.000"));
        yield return N(F(r.SecondsP95, "0.000"));
        yield return N(F(r.SecondsMax, "0.000"));
        yield return N(F(r.AggregateThroughput / 1048576.0, "0.0"));
        yield return N(F(r.WallSeconds, "0.000"));
    }

    /// <summary>Short headings so that the whole table fits the page; the contract's column name is the tooltip.</summary>
    private static string Heading(string column) => column switch
    {
        "Number" => "#",
        "Operation" => "Operation",
        "FileSizeBytes" => "Size MiB",
        "ClientWorkers" => "Clients",
        "ServerWorkers" => "Server workers",
        "ClientMode" => "Client mode",
        "ServerMode" => "Server mode",
        "SecondsPerClient" => "s / client",
        "ThroughputPerClient" => "MiB/s / client",
        "ClientsSucceeded" => "Clients ok",
        "ClientsFailed" => "Clients failed",
        "ServerSucceeded" => "Server ok",
        "ServerFailed" => "Server failed",
        "SecondsP50" => "p50 s",
        "SecondsP95" => "p95 s",
        "SecondsMax" => "max s",
        "AggregateThroughput" => "Aggregate MiB/s",
        "WallSeconds" => "Wall s",
        _ => column,
    };

    internal static string Rate(double bytesPerSecond) => TransferCounter.FormatBytes((long)bytesPerSecond) + "/s";

    private static string Seconds(double s) => s >= 120
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)(s / 60)} min {s % 60:0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{s:0.0} s");

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
