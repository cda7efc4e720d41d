using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The per-client table (<c>poolhttp stress --per-client</c>) as CSV and JSON, in the property order of
/// <see cref="PoolStressClientResult"/> (what <c>Export-Csv</c> writes for <c>Invoke-PoolStressTest -PerClient</c>).
/// Times are ISO 8601 UTC.
/// </summary>
public static class StressClientTable
{
    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = new[]
    {
        "Number", "Operation", "FileSizeBytes", "ClientWorkers", "Client", "HostName", "StartUtc", "EndUtc", "Seconds", "Bytes", "Succeeded", "Error",
    };

    /// <summary>The CSV header line.</summary>
    public static string CsvHeader => string.Join(',', Columns);

    /// <summary>One client as a CSV line; the host name and the error are quoted when they need it.</summary>
    public static string ToCsv(PoolStressClientResult c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return string.Join(',', Cells(c).Select(cell => cell switch
        {
            string s => Quote(s),
            double d => d.ToString("0.######", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => cell.ToString(),
        }));
    }

    /// <summary>Writes clients as an indented JSON array of objects with the column names.</summary>
    public static void WriteJson(Stream stream, IEnumerable<PoolStressClientResult> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartArray();
        foreach (var c in clients)
        {
            w.WriteStartObject();
            foreach (var (name, cell) in Columns.Zip(Cells(c)))
            {
                w.WritePropertyName(name);
                switch (cell)
                {
                    case int i: w.WriteNumberValue(i); break;
                    case long l: w.WriteNumberValue(l); break;
                    case double d: w.WriteNumberValue(Math.Round(d, 6)); break;
                    case bool b: w.WriteBooleanValue(b); break;
                    default: w.WriteStringValue(cell.ToString()); break;
                }
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static object[] Cells(PoolStressClientResult c) => new object[]
    {
        c.Number, c.Operation, c.FileSizeBytes, c.ClientWorkers, c.Client, c.HostName, Utc(c.StartUtc), Utc(c.EndUtc), c.Seconds, c.Bytes, c.Succeeded, c.Error,
    };

    private static string Utc(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal).ReplaceLineEndings(" ") + "\"";
}
