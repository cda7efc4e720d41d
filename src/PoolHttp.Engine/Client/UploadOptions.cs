namespace PoolHttp.Engine.Client;

/// <summary>One file to upload and how.</summary>
/// <param name="Path">The local file.</param>
/// <param name="Destination">
/// The remote folder when it ends with a slash (the file keeps its name), otherwise the remote file itself.
/// </param>
public sealed record UploadOptions(string Path, Uri Destination)
{
    /// <summary>Refuse to replace an existing remote file (<c>If-None-Match: *</c>; the server answers 412).</summary>
    public bool NoOverwrite { get; init; }

    /// <summary>
    /// Replace the remote file only while it is the version with this entity tag (<c>If-Match</c>; <c>*</c>: only while
    /// it exists). Otherwise the server answers 412 and keeps the file as it is: no lost update.
    /// </summary>
    public string? IfMatch { get; init; }

    /// <summary>Send a multipart/form-data POST to the folder instead of a PUT, for servers that only take forms.</summary>
    public bool Multipart { get; init; }

    /// <summary>Compute the SHA-256 of the bytes sent while sending them (<see cref="Results.PoolTransferResult.Sha256"/>).</summary>
    public bool ComputeSha256 { get; init; }
}
