using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>One client's transfer in a row: its own time, the bytes it moved, what it read, or why it failed.</summary>
/// <param name="Seconds">From the client's start to the end of its transfer (or its failure).</param>
/// <param name="Bytes">Bytes the transfer moved.</param>
/// <param name="Length">The file's length as the transfer saw it.</param>
/// <param name="Sha256">The SHA-256 a download read (null for uploads).</param>
/// <param name="EndTimestamp">The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the runner saw it end.</param>
/// <param name="Error">Why it failed; null when it succeeded.</param>
internal sealed record ClientOutcome(double Seconds, long Bytes, long Length, string? Sha256, long EndTimestamp, PoolException? Error)
{
    public bool Succeeded => Error is null;

    public static ClientOutcome Failure(double seconds, long endTimestamp, PoolException error) => new(seconds, 0, 0, null, endTimestamp, error);
}
