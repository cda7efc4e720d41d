namespace PoolHttp.Engine.Client;

/// <summary>One remote file to download and where to.</summary>
/// <param name="Source">The remote file.</param>
/// <param name="Destination">
/// The local file, or an existing folder (or a path ending with a separator) to put the file in under its remote name.
/// </param>
public sealed record DownloadOptions(Uri Source, string Destination)
{
    /// <summary>
    /// Continue the partial file a failed download left beside the destination, with <c>Range</c> validated by
    /// <c>If-Range</c>; when the remote file changed meanwhile the download starts again from zero.
    /// </summary>
    public bool Resume { get; init; }
}
