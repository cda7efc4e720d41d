namespace PoolHttp.Engine.Http;

/// <summary>Entity-tag comparison for If-None-Match and If-Match lists.</summary>
public static class EntityTag
{
    /// <summary>
    /// True when the list is <c>*</c> or names <paramref name="etag"/>: by weak comparison when <paramref name="weak"/>
    /// (a <c>W/</c> prefix on either side is ignored), otherwise by strong comparison (both tags strong and equal).
    /// </summary>
    public static bool AnyMatches(string list, string etag, bool weak)
    {
        if (list.Trim() == "*") return true;
        bool etagWeak = etag.StartsWith("W/", StringComparison.Ordinal);
        if (etagWeak && !weak) return false;
        string opaque = etagWeak ? etag[2..] : etag;
        foreach (var part in list.Split(','))
        {
            string tag = part.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                if (!weak) continue;
                tag = tag[2..];
            }
            if (tag == opaque) return true;
        }
        return false;
    }
}
