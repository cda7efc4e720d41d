namespace PoolHttp.Engine.Client;

/// <summary>A remote file or folder to delete.</summary>
/// <param name="Target">The remote file or folder.</param>
/// <param name="Recursive">Delete a non-empty folder with its contents (<c>?recursive=true</c>); otherwise the server refuses with 409.</param>
public sealed record DeleteOptions(Uri Target, bool Recursive = false);
