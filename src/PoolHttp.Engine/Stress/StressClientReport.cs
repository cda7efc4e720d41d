using System.Text.Json;
using System.Text.Json.Serialization;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>The one JSON line a stress client child prints when its transfer has ended.</summary>
internal sealed record StressClientReport(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("detail")] string? Detail)
{
    public string ToJson() => JsonSerializer.Serialize(this, StressClientReportJson.Default.StressClientReport);

    /// <summary>Parses a report line; null when it is not one.</summary>
    public static StressClientReport? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, StressClientReportJson.Default.StressClientReport);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The failure this report describes (null when it succeeded).</summary>
    public PoolException? ToError(object target) => Ok
        ? null
        : new PoolException(Enum.TryParse<PoolErrorKind>(Kind, out var kind) ? kind : PoolErrorKind.Protocol,
            Detail ?? "The client failed.", target, Status, null);
}
