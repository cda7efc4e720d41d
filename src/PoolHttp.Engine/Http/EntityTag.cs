namespace PoolHttp.Engine.Http;

/// <summary>Entity-tag comparison for If-None-Match and If-Match lists.</summary>
public static class EntityTag
{
    /// <summary>True when the list is <c>*</c> or names <paramref name="etag"/> (weakly when <paramref name="weak"/>).</summary>
    public static bool AnyMatches(string list, string etag, bool weak)
    {
        if (list.Trim() == "*") return true;
        foreach (var part in list.Split(','))
        {
            string tag = part.Trim();
            if (weak && tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
            if (tag == etag) return true;
        }
        return false;
    }
}
