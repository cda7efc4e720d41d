namespace PoolHttp.Engine.Server.Handlers;

/// <summary>One listed name: in a folder's listing its own name, in a search the path relative to the folder (<c>sub/x.txt</c>).</summary>
internal readonly record struct ListingEntry(string Name, bool IsDirectory, long Size, DateTime Modified);
