namespace PoolHttp.Engine.Client;

/// <summary>A remote folder to list.</summary>
/// <param name="Folder">The remote folder (a missing trailing slash is added).</param>
/// <param name="Recurse">Also list every folder below, depth first, each folder followed by its contents.</param>
public sealed record ListOptions(Uri Folder, bool Recurse = false);
