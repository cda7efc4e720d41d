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

    /// <summary>
    /// One entity tag as a person typed it, in the form a header carries: <c>*</c>, <c>"opaque"</c> and
    /// <c>W/"opaque"</c> as they are, a bare <c>opaque</c> quoted (shells eat the quotes). False for anything else
    /// (empty, several tags, spaces, quotes or control characters inside).
    /// </summary>
    public static bool TryQuote(string? text, out string tag)
    {
        tag = "";
        string s = text?.Trim() ?? "";
        if (s == "*")
        {
            tag = s;
            return true;
        }
        bool weak = s.StartsWith("W/", StringComparison.Ordinal);
        string quoted = weak ? s[2..] : s;
        string opaque = quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1] : quoted;
        if (opaque.Length == 0 && opaque == quoted) return false;
        foreach (char ch in opaque)
        {
            if (ch is <= ' ' or '"' or >= (char)0x7F) return false;
        }
        tag = (weak ? "W/" : "") + "\"" + opaque + "\"";
        return true;
    }
}
