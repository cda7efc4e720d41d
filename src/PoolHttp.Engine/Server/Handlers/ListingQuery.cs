using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>What a listing request asks for beyond the folder: <c>?sort=name|size|modified&amp;order=asc|desc</c>, <c>?q=</c>.</summary>
internal sealed record ListingQuery(string Sort, bool Descending, bool Explicit, string? Search)
{
    /// <summary>The longest search text accepted; a name cannot be longer than 255 bytes anyway.</summary>
    public const int MaxSearchLength = 256;

    /// <summary>Reads the query; an unknown sort key or order is 400 rather than a silently different order.</summary>
    public static ListingQuery From(RequestTarget target)
    {
        string? sort = target.QueryValue("sort");
        string? order = target.QueryValue("order");
        if (sort is not (null or "name" or "size" or "modified"))
            throw new HttpError(400, "sort must be name, size or modified.");
        if (order is not (null or "asc" or "desc"))
            throw new HttpError(400, "order must be asc or desc.");
        string? q = target.QueryValue("q");
        if (q is { Length: > MaxSearchLength }) throw new HttpError(400, $"The search text is longer than {MaxSearchLength} characters.");
        if (string.IsNullOrWhiteSpace(q)) q = null;
        return new ListingQuery(sort ?? "name", order == "desc", sort is not null || order is not null, q?.Trim());
    }

    /// <summary>
    /// Sorts in place: folders first, then by the key, names breaking ties. Without an explicit sort the JSON keeps its
    /// documented order (ordinal by name, folders among files); the HTML page always puts folders first.
    /// </summary>
    public void Apply(List<ListingEntry> entries, bool foldersFirst)
    {
        int sign = Descending ? -1 : 1;
        entries.Sort((a, b) =>
        {
            if (foldersFirst && a.IsDirectory != b.IsDirectory) return a.IsDirectory ? -1 : 1;
            int byKey = Sort switch
            {
                "size" => a.Size.CompareTo(b.Size),
                "modified" => a.Modified.CompareTo(b.Modified),
                _ => 0,
            };
            if (byKey == 0) byKey = string.CompareOrdinal(a.Name, b.Name);
            return sign * byKey;
        });
    }
}
