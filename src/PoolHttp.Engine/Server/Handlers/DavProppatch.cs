using System.Xml.Linq;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;
using static PoolHttp.Engine.Server.Handlers.DavXml;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// PROPPATCH: sets and removes dead properties in document order, all or none (RFC 4918 9.2). Live properties are
/// protected (403, the others 424). The properties are kept in the <see cref="DavStore"/> and outlive a restart.
/// </summary>
internal static class DavProppatch
{
    public static void Handle(Connection c, RequestTarget target)
    {
        var path = DavHandler.Visible(c, target);
        if (!DavHandler.Exists(path)) throw new HttpError(404, "Not found.", c.Head.HasBody);
        DavConditions.Enforce(c, path.UrlPath, membership: false, subtree: false);
        var body = ReadBody(c) ?? throw new HttpError(400, "PROPPATCH needs a DAV:propertyupdate body.");
        if (body.Name != D + "propertyupdate") throw new HttpError(400, "A PROPPATCH body must be a DAV:propertyupdate element.");
        var updates = new List<(bool Set, XElement Property)>();
        foreach (var step in body.Elements())
        {
            bool set = step.Name == D + "set";
            if (!set && step.Name != D + "remove") continue;
            foreach (var prop in step.Elements(D + "prop").SelectMany(p => p.Elements()))
                updates.Add((set, new XElement(prop)));
        }
        bool collection = Directory.Exists(path.FullPath);
        string key = DavPaths.Key(path.UrlPath);
        var response = new XElement(D + "response", new XElement(D + "href", DavHandler.Href(key, collection)));
        var refused = updates.Where(u => DavProperties.LiveNames.Contains(u.Property.Name)).Select(u => u.Property.Name).ToHashSet();
        if (refused.Count > 0)
        {
            response.Add(DavPropfind.Propstat(403, refused.Select(n => new XElement(n))));
            var others = updates.Select(u => u.Property.Name).Where(n => !refused.Contains(n)).Distinct().ToList();
            if (others.Count > 0) response.Add(DavPropfind.Propstat(424, others.Select(n => new XElement(n))));
        }
        else
        {
            Apply(c.Server.Dav, key, updates);
            response.Add(DavPropfind.Propstat(200, updates.Select(u => u.Property.Name).Distinct().Select(n => new XElement(n))));
        }
        DavXml.Respond(c, 207, Root("multistatus", response));
    }

    private static void Apply(DavStore store, string key, List<(bool Set, XElement Property)> updates)
    {
        using var _ = store.Exclusive();
        var properties = store.ReadProperties(key).Select(p => new XElement(p)).ToList();
        foreach (var (set, property) in updates)
        {
            properties.RemoveAll(p => p.Name == property.Name);
            if (set) properties.Add(property);
        }
        store.WriteProperties(key, properties);
    }
}
