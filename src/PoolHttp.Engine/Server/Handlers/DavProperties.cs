using System.Globalization;
using System.Xml.Linq;
using PoolHttp.Engine.Files;
using static PoolHttp.Engine.Server.Handlers.DavXml;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>The live properties of a file or folder, computed from the disk and the lock store.</summary>
internal static class DavProperties
{
    /// <summary>The names of the live properties, which PROPPATCH may not change.</summary>
    public static readonly HashSet<XName> LiveNames = new()
    {
        D + "resourcetype", D + "getcontentlength", D + "getlastmodified", D + "getetag", D + "getcontenttype",
        D + "creationdate", D + "displayname", D + "supportedlock", D + "lockdiscovery", D + "getcontentlanguage",
    };

    /// <summary>The live properties of what <paramref name="fullPath"/> names (<paramref name="key"/> is its URL path).</summary>
    public static List<XElement> Live(Connection c, string fullPath, string key, bool collection, IReadOnlyList<DavLock> locks)
    {
        var list = new List<XElement>();
        FileSystemInfo info = collection ? new DirectoryInfo(fullPath) : new FileInfo(fullPath);
        var written = info.LastWriteTimeUtc;
        var created = info.CreationTimeUtc;
        list.Add(new XElement(D + "resourcetype", collection ? new XElement(D + "collection") : null));
        if (!collection)
        {
            long length = ((FileInfo)info).Length;
            list.Add(new XElement(D + "getcontentlength", length.ToString(CultureInfo.InvariantCulture)));
            list.Add(new XElement(D + "getetag", FileValidators.ETag(length, written)));
            list.Add(new XElement(D + "getcontenttype", MimeTypes.For(info.Name)));
        }
        list.Add(new XElement(D + "getlastmodified", FileValidators.HttpDate(FileValidators.LastModified(written))));
        list.Add(new XElement(D + "creationdate", (created == DateTime.MinValue || created.Year < 1971 ? written : created)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        list.Add(new XElement(D + "displayname", key == "/" ? "/" : info.Name));
        list.Add(SupportedLock());
        list.Add(Discovery(locks.Where(l => l.Covers(key))));
        return list;
    }

    /// <summary>DAV:supportedlock: exclusive and shared write locks.</summary>
    private static XElement SupportedLock() => new(D + "supportedlock",
        new XElement(D + "lockentry", new XElement(D + "lockscope", new XElement(D + "exclusive")), new XElement(D + "locktype", new XElement(D + "write"))),
        new XElement(D + "lockentry", new XElement(D + "lockscope", new XElement(D + "shared")), new XElement(D + "locktype", new XElement(D + "write"))));

    /// <summary>DAV:lockdiscovery with one activelock per lock.</summary>
    public static XElement Discovery(IEnumerable<DavLock> locks) => new(D + "lockdiscovery", locks.Select(ActiveLock));

    private static XElement ActiveLock(DavLock l)
    {
        long left = Math.Max(0, (long)(l.ExpiresUtc - DateTime.UtcNow).TotalSeconds);
        var active = new XElement(D + "activelock",
            new XElement(D + "locktype", new XElement(D + "write")),
            new XElement(D + "lockscope", new XElement(D + (l.Exclusive ? "exclusive" : "shared"))),
            new XElement(D + "depth", l.Infinite ? "infinity" : "0"));
        if (l.Owner.Length > 0)
        {
            try { active.Add(XElement.Parse(l.Owner)); }
            catch (System.Xml.XmlException) { }
        }
        active.Add(new XElement(D + "timeout", "Second-" + left.ToString(CultureInfo.InvariantCulture)),
            new XElement(D + "locktoken", new XElement(D + "href", l.Token)),
            new XElement(D + "lockroot", new XElement(D + "href", DavHandler.Href(l.Path, collection: false))));
        return active;
    }
}
