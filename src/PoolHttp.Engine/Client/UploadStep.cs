using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// One file of an <see cref="UploadPlan"/>: the upload to run, or, when <see cref="Refusal"/> is set, the reason it is
/// not sent (its remote name is taken by another file of the same call, or it is a folder without recursion).
/// </summary>
/// <param name="Upload">The local file and the remote file it goes to (<see cref="UploadOptions.Destination"/>).</param>
/// <param name="Refusal">Why this file is not sent; null when it is.</param>
public sealed record UploadStep(UploadOptions Upload, PoolException? Refusal = null)
{
    /// <summary>The local file (or folder) as it was given or found.</summary>
    public string Source => Upload.Path;

    /// <summary>The remote file it goes to.</summary>
    public Uri Target => Upload.Destination;
}
