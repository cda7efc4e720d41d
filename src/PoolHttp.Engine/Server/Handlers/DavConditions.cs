using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// The WebDAV <c>If</c> header (RFC 4918 section 10.4) and the rule every write obeys: a lock covering what the write
/// changes lets it through only when the request submits the lock's token (423 otherwise).
/// </summary>
internal static class DavConditions
{
    /// <summary>One condition of a list: a state token or an entity tag, perhaps negated.</summary>
    private sealed record Condition(bool Not, string? Token, string? ETag);

    /// <summary>One parenthesized list, with the resource it is tagged with (null: the request's own).</summary>
    private sealed record ConditionList(string? Resource, List<Condition> Conditions);

    /// <summary>
    /// Refuses a write to <paramref name="path"/> (a decoded URL path) that a lock forbids (423), or whose If header
    /// is false (412). <paramref name="membership"/>: it adds or removes a member of the parent folder;
    /// <paramref name="subtree"/>: it changes everything under the path as well. Does nothing on a server without WebDAV.
    /// </summary>
    public static void Enforce(Connection c, string path, bool membership, bool subtree)
    {
        if (!c.Server.Options.WebDav) return;
        var locks = c.Server.Dav.ReadLocks();
        var lists = Parse(c);
        var submitted = lists.SelectMany(l => l.Conditions).Where(x => !x.Not && x.Token is not null).Select(x => x.Token!).ToHashSet(StringComparer.Ordinal);
        string key = DavPaths.Key(path);
        if (lists.Count > 0 && !Holds(c, lists, locks, key))
            throw new HttpError(412, "The If header's conditions do not hold for the resource.", c.Head.HasBody);
        Check(c, locks.Where(l => l.Covers(key)), submitted);
        if (membership && key != "/") Check(c, locks.Where(l => l.Covers(DavPaths.Parent(key))), submitted);
        if (subtree)
        {
            foreach (var inner in locks.Where(l => DavPaths.IsInside(l.Path, key)))
                Check(c, new[] { inner }, submitted);
        }
    }

    /// <summary>The lock tokens the request submits in its If header, in order.</summary>
    public static IReadOnlyList<string> SubmittedTokens(Connection c) =>
        Parse(c).SelectMany(l => l.Conditions).Where(x => !x.Not && x.Token is not null).Select(x => x.Token!).ToList();

    private static void Check(Connection c, IEnumerable<DavLock> covering, HashSet<string> submitted)
    {
        var list = covering.ToList();
        if (list.Count == 0 || list.Any(l => submitted.Contains(l.Token))) return;
        throw new HttpError(423, $"The resource is locked ({DavHandler.Href(list[0].Path, false)}); submit the lock token in an If header.", c.Head.HasBody);
    }

    private static bool Holds(Connection c, List<ConditionList> lists, IReadOnlyList<DavLock> locks, string requestKey)
    {
        foreach (var list in lists)
        {
            string key = list.Resource is null ? requestKey : TagPath(list.Resource) ?? "\0";
            if (list.Conditions.All(x => Matches(c, x, key, locks))) return true;
        }
        return false;
    }

    private static bool Matches(Connection c, Condition x, string key, IReadOnlyList<DavLock> locks)
    {
        bool result;
        if (x.Token is not null) result = locks.Any(l => l.Token == x.Token && l.Covers(key));
        else result = CurrentETag(c, key) is { } etag && EntityTag.AnyMatches(x.ETag!, etag, weak: true);
        return result != x.Not;
    }

    private static string? CurrentETag(Connection c, string key)
    {
        try
        {
            var path = c.Server.Store.Resolve(key);
            return FileValidators.Of(path).ETag;
        }
        catch (PathRefusal)
        {
            return null;
        }
    }

    /// <summary>The decoded path of a tagged resource (an absolute URI or path), or null when it is not ours.</summary>
    private static string? TagPath(string resource)
    {
        try
        {
            return DavPaths.Key(RequestTarget.Parse(resource).Path);
        }
        catch (HttpError)
        {
            return null;
        }
    }

    /// <summary>Parses the If header into its lists; 400 when it is malformed.</summary>
    private static List<ConditionList> Parse(Connection c)
    {
        var lists = new List<ConditionList>();
        string? header = c.Head.GetList("If");
        if (header is null) return lists;
        var s = header.AsSpan();
        string? resource = null;
        int i = 0;
        while (true)
        {
            while (i < s.Length && (s[i] is ' ' or '\t' or ',')) i++;
            if (i >= s.Length) break;
            if (s[i] == '<')
            {
                int end = s[i..].IndexOf('>');
                if (end < 0) throw Malformed(c);
                resource = s.Slice(i + 1, end - 1).ToString();
                i += end + 1;
                continue;
            }
            if (s[i] != '(') throw Malformed(c);
            int close = s[i..].IndexOf(')');
            if (close < 0) throw Malformed(c);
            lists.Add(new ConditionList(resource, ParseList(c, s.Slice(i + 1, close - 1))));
            i += close + 1;
        }
        return lists;
    }

    private static List<Condition> ParseList(Connection c, ReadOnlySpan<char> s)
    {
        var conditions = new List<Condition>();
        int i = 0;
        while (true)
        {
            while (i < s.Length && s[i] is ' ' or '\t') i++;
            if (i >= s.Length) break;
            bool not = false;
            if (s.Length - i >= 3 && s.Slice(i, 3).Equals("Not", StringComparison.OrdinalIgnoreCase))
            {
                not = true;
                i += 3;
                while (i < s.Length && s[i] is ' ' or '\t') i++;
                if (i >= s.Length) throw Malformed(c);
            }
            char open = s[i];
            char closeChar = open == '<' ? '>' : open == '[' ? ']' : throw Malformed(c);
            int end = s[i..].IndexOf(closeChar);
            if (end < 0) throw Malformed(c);
            string value = s.Slice(i + 1, end - 1).ToString();
            conditions.Add(open == '<' ? new Condition(not, value, null) : new Condition(not, null, value));
            i += end + 1;
        }
        if (conditions.Count == 0) throw Malformed(c);
        return conditions;
    }

    private static HttpError Malformed(Connection c) => new(400, "The If header is malformed.", c.Head.HasBody);
}
