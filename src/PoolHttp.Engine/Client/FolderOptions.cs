namespace PoolHttp.Engine.Client;

/// <summary>A remote folder to create (<c>MKCOL</c>).</summary>
/// <param name="Target">The folder's URI; a missing trailing slash is added.</param>
public sealed record FolderOptions(Uri Target)
{
    /// <summary>The folder's URI with its trailing slash, as MKCOL names a collection.</summary>
    public Uri FolderUri => Target.AbsolutePath.EndsWith('/') ? Target : new UriBuilder(Target) { Path = Target.AbsolutePath + "/" }.Uri;
}
