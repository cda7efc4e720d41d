namespace PoolHttp.Engine.Results;

/// <summary>The outcome of one successful upload or download. Flat properties, ready for CSV.</summary>
public sealed class PoolTransferResult
{
    /// <summary>"Upload" or "Download".</summary>
    public required string Operation { get; init; }

    /// <summary>Where the bytes came from: a local path for an upload, an (escaped) absolute URI for a download.</summary>
    public required string Source { get; init; }

    /// <summary>Where the bytes went: an (escaped) absolute URI for an upload, a local path for a download (empty for a hashing sink).</summary>
    public required string Destination { get; init; }

    /// <summary>The length of the whole file, in bytes.</summary>
    public long Length { get; init; }

    /// <summary>Bytes moved over the wire by this transfer (less than <see cref="Length"/> after a resume).</summary>
    public long BytesTransferred { get; init; }

    /// <summary>True when a download continued a partial file instead of starting from zero.</summary>
    public bool Resumed { get; init; }

    /// <summary>The HTTP status of the server's final answer (201, 204, 200, 206).</summary>
    public int StatusCode { get; init; }

    /// <summary>When the transfer started, UTC.</summary>
    public DateTime Started { get; init; }

    /// <summary>The transfer's duration in seconds, from the request to the last byte.</summary>
    public double Seconds { get; init; }

    /// <summary><see cref="BytesTransferred"/> per second.</summary>
    public double BytesPerSecond => Seconds > 0 ? BytesTransferred / Seconds : 0;

    /// <summary>The SHA-256 of the whole file as lowercase hex, when it was asked for; otherwise null.</summary>
    public string? Sha256 { get; init; }
}
