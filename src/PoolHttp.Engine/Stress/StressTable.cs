using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The stress table as CSV (the columns <c>Export-Csv</c> writes for <see cref="PoolStressResult"/>, in order) and
/// as JSON (an array of objects with the same names), and back from CSV (to draw a report from earlier runs).
/// Unknown values (an existing server's workers, mode and counts) are empty cells and JSON nulls.
/// </summary>
public static class StressTable
{
    /// <summary>The contract's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = new[]
    {
        "Number", "Operation", "FileSizeBytes", "ClientWorkers", "ServerWorkers", "ClientMode", "ServerMode", "SecondsPerClient",
        "ThroughputPerClient", "ClientsSucceeded", "ClientsFailed", "ServerSucceeded", "ServerFailed", "SecondsP50", "SecondsP95",
        "SecondsMax", "AggregateThroughput", "WallSeconds",
    };

    /// <summary>The CSV header line.</summary>
    public static string CsvHeader => string.Join(',', Columns);

    /// <summary>One row as a CSV line (no field ever needs quoting: numbers and enum names only).</summary>
    public static string ToCsv(PoolStressResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return string.Join(',', Cells(r).Select(c => c switch
        {
            null => "",
            double d => d.ToString("0.######", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => c.ToString(),
        }));
    }

    /// <summary>Reads rows written by <see cref="ToCsv"/> (or <c>Export-Csv</c>, whose fields are quoted) after a header line.</summary>
    public static IReadOnlyList<PoolStressResult> ReadCsv(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        if (header is not null && header.StartsWith("#TYPE", StringComparison.Ordinal)) header = reader.ReadLine();
        if (header is null) return Array.Empty<PoolStressResult>();
        var names = Split(header);
        int[] index = Columns.Select(c => names.IndexOf(c)).ToArray();
        if (index.Any(i => i < 0)) throw new FormatException("The CSV does not have the stress table's columns.");
        var rows = new List<PoolStressResult>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            var f = Split(line);
            if (f.Count < names.Count) throw new FormatException($"A CSV line has {f.Count} fields; the header has {names.Count}.");
            rows.Add(FromCells(index.Select(i => f[i]).ToArray()));
        }
        return rows;
    }

    /// <summary>Writes rows as an indented JSON array of objects with the column names.</summary>
    public static void WriteJson(Stream stream, IEnumerable<PoolStressResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartArray();
        foreach (var r in rows)
        {
            w.WriteStartObject();
            foreach (var (name, cell) in Columns.Zip(Cells(r)))
            {
                w.WritePropertyName(name);
                switch (cell)
                {
                    case null: w.WriteNullValue(); break;
                    case int i: w.WriteNumberValue(i); break;
                    case long l: w.WriteNumberValue(l); break;
                    case double d: w.WriteNumberValue(Math.Round(d, 6)); break;
                    default: w.WriteStringValue(cell.ToString()); break;
                }
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static object?[] Cells(PoolStressResult r) => new object?[]
    {
        r.Number, r.Operation, r.FileSizeBytes, r.ClientWorkers, r.ServerWorkers, r.ClientMode, r.ServerMode, r.SecondsPerClient,
        r.ThroughputPerClient, r.ClientsSucceeded, r.ClientsFailed, r.ServerSucceeded, r.ServerFailed, r.SecondsP50, r.SecondsP95,
        r.SecondsMax, r.AggregateThroughput, r.WallSeconds,
    };

    private static PoolStressResult FromCells(string[] c)
    {
        static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new PoolStressResult
        {
            Number = I(c[0]), Operation = Enum.Parse<StressOperation>(c[1], true), FileSizeBytes = L(c[2]), ClientWorkers = I(c[3]),
            ServerWorkers = c[4].Length == 0 ? null : I(c[4]), ClientMode = Enum.Parse<StressClientMode>(c[5], true),
            ServerMode = c[6].Length == 0 ? null : Enum.Parse<ServerMode>(c[6], true), SecondsPerClient = D(c[7]), ThroughputPerClient = D(c[8]),
            ClientsSucceeded = I(c[9]), ClientsFailed = I(c[10]), ServerSucceeded = c[11].Length == 0 ? null : L(c[11]),
            ServerFailed = c[12].Length == 0 ? null : L(c[12]), SecondsP50 = D(c[13]), SecondsP95 = D(c[14]), SecondsMax = D(c[15]),
            AggregateThroughput = D(c[16]), WallSeconds = D(c[17]),
        };
    }

    /// <summary>Splits one CSV line (RFC 4180 quotes, no line breaks inside fields: this table never has any).</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
