using System.Globalization;
using System.Text.Json;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Server;

/// <summary>A snapshot of a server's counts: the numbers <c>/.poolhttp/stats</c> and the server object expose.</summary>
public sealed record ServerStatistics(ServerMode Mode, int Workers, DateTimeOffset StartedAt, long Total, long Succeeded,
    long Failed, long Active, long BytesReceived, long BytesSent, IReadOnlyList<WorkerStatistics> PerWorker)
{
    /// <summary>Sums per-worker counts into server totals.</summary>
    public static ServerStatistics FromWorkers(ServerMode mode, DateTimeOffset startedAt, IReadOnlyList<WorkerStatistics> perWorker,
        long bytesReceived, long bytesSent) =>
        new(mode, perWorker.Count, startedAt, perWorker.Sum(w => w.Total), perWorker.Sum(w => w.Succeeded),
            perWorker.Sum(w => w.Failed), perWorker.Sum(w => w.Active), bytesReceived, bytesSent, perWorker);

    /// <summary>Writes the contract's JSON shape.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("mode", Mode.ToString().ToLowerInvariant());
        w.WriteNumber("workers", Workers);
        w.WriteString("startedAt", StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteStartObject("requests");
        w.WriteNumber("total", Total);
        w.WriteNumber("succeeded", Succeeded);
        w.WriteNumber("failed", Failed);
        w.WriteNumber("active", Active);
        w.WriteEndObject();
        w.WriteNumber("bytesReceived", BytesReceived);
        w.WriteNumber("bytesSent", BytesSent);
        w.WriteStartArray("perWorker");
        foreach (var s in PerWorker)
        {
            w.WriteStartObject();
            w.WriteNumber("id", s.Id);
            w.WriteNumber("pid", s.Pid);
            w.WriteNumber("active", s.Active);
            w.WriteNumber("succeeded", s.Succeeded);
            w.WriteNumber("failed", s.Failed);
            w.WriteNumber("total", s.Total);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads the JSON that <see cref="WriteJson"/> writes.</summary>
    public static ServerStatistics Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var requests = root.GetProperty("requests");
        var perWorker = root.GetProperty("perWorker").EnumerateArray().Select(e => new WorkerStatistics(
            e.GetProperty("id").GetInt32(), e.GetProperty("pid").GetInt32(), e.GetProperty("active").GetInt64(),
            e.GetProperty("succeeded").GetInt64(), e.GetProperty("failed").GetInt64(), e.GetProperty("total").GetInt64())).ToArray();
        return new ServerStatistics(
            Enum.Parse<ServerMode>(root.GetProperty("mode").GetString()!, ignoreCase: true),
            root.GetProperty("workers").GetInt32(),
            DateTimeOffset.Parse(root.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture),
            requests.GetProperty("total").GetInt64(), requests.GetProperty("succeeded").GetInt64(),
            requests.GetProperty("failed").GetInt64(), requests.GetProperty("active").GetInt64(),
            root.GetProperty("bytesReceived").GetInt64(), root.GetProperty("bytesSent").GetInt64(), perWorker);
    }
}
