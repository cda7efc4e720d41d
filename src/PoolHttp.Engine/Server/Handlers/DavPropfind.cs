using System.Globalization;
using System.Xml.Linq;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;
using static PoolHttp.Engine.Server.Handlers.DavXml;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>PROPFIND: Depth 0 and 1 (infinity is refused with the propfind-finite-depth precondition), allprop, propname, prop.</summary>
internal static class DavPropfind
{
    private enum Kind { AllProp, PropName, Prop }

    public static void Handle(Connection c, RequestTarget target)
    {
        var path = DavHandler.Visible(c, target);
        if (!DavHandler.Exists(path)) throw new HttpError(404, "Not found.", c.Head.HasBody);
        int depth = DavHandler.Depth(c, absent: int.MaxValue);
        if (depth == int.MaxValue)
        {
            DavXml.RespondCondition(c, 403, "propfind-finite-depth");
            return;
        }
        var (kind, asked) = Request(ReadBody(c));
        var locks = c.Server.Dav.ReadLocks();
        var multistatus = Root("multistatus");
        bool collection = Directory.Exists(path.FullPath);
        string key = DavPaths.Key(path.UrlPath);
        multistatus.Add(Response(c, path.FullPath, key, collection, kind, asked, locks));
        if (collection && depth == 1)
        {
            foreach (var entry in Members(c, path.FullPath))
            {
                string member = key == "/" ? "/" + entry.Name : key + "/" + entry.Name;
                multistatus.Add(Response(c, entry.FullName, member, entry is DirectoryInfo, kind, asked, locks));
            }
        }
        DavXml.Respond(c, 207, multistatus);
    }

    /// <summary>The listable members of a folder (hidden names and links out of the root left out), by name.</summary>
    public static IEnumerable<FileSystemInfo> Members(Connection c, string folder)
    {
        var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos()
            .Where(e => c.Server.Store.IsListable(e)).ToList();
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        // A link to a folder inside the root is a folder to the client.
        return entries.Select(e => e.LinkTarget is not null && Directory.Exists(e.FullName) ? new DirectoryInfo(e.FullName) : e);
    }

    private static (Kind, List<XName>) Request(XElement? body)
    {
        if (body is null) return (Kind.AllProp, new List<XName>());
        if (body.Name != D + "propfind") throw new HttpError(400, "A PROPFIND body must be a DAV:propfind element.");
        if (body.Element(D + "propname") is not null) return (Kind.PropName, new List<XName>());
        if (body.Element(D + "allprop") is not null) return (Kind.AllProp, new List<XName>());
        var prop = body.Element(D + "prop") ?? throw new HttpError(400, "A PROPFIND body needs allprop, propname or prop.");
        return (Kind.Prop, prop.Elements().Select(e => e.Name).ToList());
    }

    private static XElement Response(Connection c, string fullPath, string key, bool collection, Kind kind, List<XName> asked, IReadOnlyList<DavLock> locks)
    {
        var live = DavProperties.Live(c, fullPath, key, collection, locks);
        var dead = c.Server.Dav.ReadProperties(key);
        var response = new XElement(D + "response", new XElement(D + "href", DavHandler.Href(key, collection)));
        if (kind == Kind.PropName)
        {
            response.Add(Propstat(200, live.Select(p => new XElement(p.Name)).Concat(dead.Select(p => new XElement(p.Name)))));
            return response;
        }
        if (kind == Kind.AllProp)
        {
            response.Add(Propstat(200, live.Concat(dead)));
            return response;
        }
        var found = new List<XElement>();
        var missing = new List<XElement>();
        foreach (var name in asked)
        {
            var value = live.FirstOrDefault(p => p.Name == name) ?? dead.FirstOrDefault(p => p.Name == name);
            if (value is null) missing.Add(new XElement(name));
            else found.Add(value);
        }
        if (found.Count > 0) response.Add(Propstat(200, found));
        if (missing.Count > 0) response.Add(Propstat(404, missing));
        return response;
    }

    /// <summary>A propstat element: the properties and the status line for them.</summary>
    public static XElement Propstat(int status, IEnumerable<XElement> properties) =>
        new(D + "propstat", new XElement(D + "prop", properties), new XElement(D + "status", StatusLine(status)));

    /// <summary>An HTTP status line as a DAV:status element holds it.</summary>
    public static string StatusLine(int status) =>
        "HTTP/1.1 " + status.ToString(CultureInfo.InvariantCulture) + " " + Results.StatusText.For(status);
}
