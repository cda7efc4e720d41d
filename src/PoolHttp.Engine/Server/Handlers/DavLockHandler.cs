using System.Globalization;
using System.Xml.Linq;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;
using static PoolHttp.Engine.Server.Handlers.DavXml;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// LOCK and UNLOCK (RFC 4918 9.10, 9.11): exclusive and shared write locks of depth 0 or infinity with timeouts,
/// refreshed by a LOCK without a body; a LOCK on an unmapped name creates an empty file (a locked empty resource).
/// The locks are kept in the <see cref="DavStore"/>, so every worker, thread or process, sees them.
/// </summary>
internal static class DavLockHandler
{
    /// <summary>The timeout granted when the client asks for none, and the longest granted.</summary>
    private const long DefaultTimeout = 3600, MaxTimeout = 7 * 24 * 3600;

    public static void Lock(Connection c, RequestTarget target)
    {
        var path = c.Server.Store.Resolve(target.Path);
        Refusals.HiddenWrite(path, c.Head.HasBody);
        if (path.HasTrailingSlash && File.Exists(path.FullPath)) throw new HttpError(404, "Not found.", c.Head.HasBody);
        var body = ReadBody(c);
        long timeout = Timeout(c);
        string key = DavPaths.Key(path.UrlPath);
        if (body is null)
        {
            Refresh(c, key, timeout);
            return;
        }
        var info = body.Name == D + "lockinfo" ? body : throw new HttpError(400, "A LOCK body must be a DAV:lockinfo element.");
        bool exclusive = info.Element(D + "lockscope")?.Element(D + "exclusive") is not null;
        if (!exclusive && info.Element(D + "lockscope")?.Element(D + "shared") is null)
            throw new HttpError(400, "The lockinfo needs a lockscope of exclusive or shared.");
        if (info.Element(D + "locktype")?.Element(D + "write") is null) throw new HttpError(400, "Only write locks exist.");
        int depth = DavHandler.Depth(c, absent: int.MaxValue);
        if (depth == 1) throw new HttpError(400, "A lock has Depth 0 or infinity.");
        string owner = info.Element(D + "owner")?.ToString(SaveOptions.DisableFormatting) ?? "";

        bool created = false;
        var l = new DavLock("urn:uuid:" + Guid.NewGuid().ToString("D"), key, depth == int.MaxValue, exclusive, owner, timeout,
            DateTime.UtcNow.AddSeconds(timeout));
        using (c.Server.Dav.Exclusive())
        {
            var locks = c.Server.Dav.ReadLocks();
            bool conflict = locks.Any(o => (o.Covers(key) || (l.Infinite && DavPaths.IsInside(o.Path, key))) && (o.Exclusive || exclusive));
            if (conflict)
            {
                DavXml.RespondCondition(c, 423, "no-conflicting-lock");
                return;
            }
            if (!DavHandler.Exists(path))
            {
                DavConditions.Enforce(c, path.UrlPath, membership: true, subtree: false);
                created = CreateEmpty(path);
            }
            c.Server.Dav.WriteLocks(locks.Append(l));
        }
        DavXml.Respond(c, created ? 201 : 200, Root("prop", DavProperties.Discovery(new[] { l })),
            new[] { new KeyValuePair<string, string>("Lock-Token", "<" + l.Token + ">") });
    }

    private static void Refresh(Connection c, string key, long timeout)
    {
        var tokens = DavConditions.SubmittedTokens(c);
        if (tokens.Count == 0) throw new HttpError(400, "A LOCK without a body refreshes a lock and needs its token in an If header.");
        DavLock? refreshed = null;
        using (c.Server.Dav.Exclusive())
        {
            var locks = c.Server.Dav.ReadLocks().ToList();
            int i = locks.FindIndex(l => tokens.Contains(l.Token) && l.Covers(key));
            if (i >= 0)
            {
                refreshed = locks[i] with { TimeoutSeconds = timeout, ExpiresUtc = DateTime.UtcNow.AddSeconds(timeout) };
                locks[i] = refreshed;
                c.Server.Dav.WriteLocks(locks);
            }
        }
        if (refreshed is null) throw new HttpError(412, "No lock of the submitted token covers this resource.");
        DavXml.Respond(c, 200, Root("prop", DavProperties.Discovery(new[] { refreshed })));
    }

    public static void Unlock(Connection c, RequestTarget target)
    {
        if (c.Head.HasBody) c.CloseAfter();
        var path = DavHandler.Visible(c, target);
        string header = c.Head.Get("Lock-Token")?.Trim() ?? throw new HttpError(400, "UNLOCK needs a Lock-Token header.");
        string token = header.TrimStart('<').TrimEnd('>');
        string key = DavPaths.Key(path.UrlPath);
        using (c.Server.Dav.Exclusive())
        {
            var locks = c.Server.Dav.ReadLocks().ToList();
            int removed = locks.RemoveAll(l => l.Token == token && l.Covers(key));
            if (removed == 0)
            {
                DavXml.RespondCondition(c, 409, "lock-token-matches-request-uri");
                return;
            }
            c.Server.Dav.WriteLocks(locks);
        }
        c.Respond(204, ReadOnlySpan<byte>.Empty, null);
    }

    /// <summary>Drops the locks on a path and under it (it was deleted or moved away) and its properties' owner goes too.</summary>
    public static void Forget(Connection c, string urlPath)
    {
        if (!c.Server.Options.WebDav) return;
        string key = DavPaths.Key(urlPath);
        using (c.Server.Dav.Exclusive())
        {
            var locks = c.Server.Dav.ReadLocks();
            var kept = locks.Where(l => l.Path != key && !DavPaths.IsInside(l.Path, key)).ToList();
            if (kept.Count != locks.Count) c.Server.Dav.WriteLocks(kept);
        }
    }

    /// <summary>Forgets a deleted resource wholly: its locks and its dead properties (and those of its members).</summary>
    public static void Deleted(Connection c, string urlPath)
    {
        if (!c.Server.Options.WebDav) return;
        Forget(c, urlPath);
        using (c.Server.Dav.Exclusive()) c.Server.Dav.DeleteProperties(urlPath);
    }

    private static bool CreateEmpty(ResolvedPath path)
    {
        if (path.HasTrailingSlash || !Directory.Exists(path.ParentPath)) throw new HttpError(409, "The parent folder does not exist.");
        try
        {
            using (new FileStream(path.FullPath, FileMode.CreateNew, FileAccess.Write)) { }
            return true;
        }
        catch (IOException) when (File.Exists(path.FullPath))
        {
            return false;
        }
        catch (IOException e)
        {
            throw Upload.DiskError(e);
        }
    }

    /// <summary>The timeout the client asked for (the first it names), within the bounds we grant.</summary>
    private static long Timeout(Connection c)
    {
        string? header = c.Head.Get("Timeout");
        if (header is null) return DefaultTimeout;
        foreach (var part in header.Split(','))
        {
            var t = part.Trim();
            if (t.Equals("Infinite", StringComparison.OrdinalIgnoreCase)) return MaxTimeout;
            if (t.StartsWith("Second-", StringComparison.OrdinalIgnoreCase) &&
                long.TryParse(t.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
                return Math.Clamp(seconds, 1, MaxTimeout);
        }
        return DefaultTimeout;
    }
}
