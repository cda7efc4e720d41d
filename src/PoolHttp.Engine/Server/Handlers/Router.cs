using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>Sends each request to its handler by method and path.</summary>
internal static class Router
{
    /// <summary>The prefix reserved for the server's own resources.</summary>
    public const string ReservedPrefix = "/.poolhttp/";

    public const string HealthPath = "/.poolhttp/health";

    public const string ReadMethods = "GET, HEAD, OPTIONS";
    public const string AllMethods = "GET, HEAD, PUT, POST, DELETE, MKCOL, OPTIONS";

    // Methods we recognise but never allow on a file resource: 405 rather than 501.
    private static readonly HashSet<string> RefusedMethods = new(StringComparer.Ordinal)
    {
        "PATCH", "TRACE", "CONNECT", "PROPFIND", "PROPPATCH", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "QUERY",
    };

    public static void Handle(Connection c)
    {
        try
        {
            Dispatch(c);
        }
        catch (PathRefusal refusal)
        {
            throw Refusals.ForPath(refusal);
        }
    }

    private static void Dispatch(Connection c)
    {
        var head = c.Head;
        var target = RequestTarget.Parse(head.Target);
        string method = head.Method;
        if (target.Path == "*")
        {
            if (method != "OPTIONS") throw new HttpError(400, "The asterisk target is only for OPTIONS.", closeConnection: true);
            RespondOptions(c, Allowed(c));
            return;
        }
        Authorize(c, target.Path, method);
        if (target.Path.StartsWith(ReservedPrefix, StringComparison.Ordinal) || target.Path == "/.poolhttp")
        {
            InternalHandler.Handle(c, target);
            return;
        }
        bool dav = c.Server.Options.WebDav && DavHandler.Serves(method);
        bool write = method is "PUT" or "POST" or "DELETE" or "MKCOL" || (dav && method != "PROPFIND");
        if (write && c.Server.Options.ReadOnly)
            throw new HttpError(405, "The server is read-only.", c.Head.HasBody).With("Allow", Allowed(c));
        if (method is "PUT" or "POST" or "DELETE") DavWrites.Enforce(c, target);
        switch (method)
        {
            case "GET" or "HEAD": GetHandler.Handle(c, target); break;
            case "PUT": PutHandler.Handle(c, target); break;
            case "POST": PostHandler.Handle(c, target); break;
            case "DELETE": DeleteHandler.Handle(c, target); break;
            case "MKCOL": MkcolHandler.Handle(c, target); break;
            case "OPTIONS": RespondOptions(c, Allowed(c)); break;
            case var _ when dav: DavHandler.Handle(c, target); break;
            default:
                if (RefusedMethods.Contains(method))
                    throw new HttpError(405, $"The method {method} is not allowed here.", c.Head.HasBody).With("Allow", Allowed(c));
                throw new HttpError(501, $"The method {method} is not implemented.", c.Head.HasBody);
        }
    }

    /// <summary>
    /// Refuses a request without a valid credential before any handler runs. An announced body is left unread, so the
    /// connection closes after the 401.
    /// </summary>
    private static void Authorize(Connection c, string path, string method)
    {
        var auth = c.Server.Options.Authentication;
        // The pages' script and style are the same public files for everyone; an anonymous reader's page needs them too.
        if (auth is null || path == HealthPath || path.StartsWith(WebAssets.Prefix, StringComparison.Ordinal)) return;
        bool internalPath = path.StartsWith(ReservedPrefix, StringComparison.Ordinal) || path == "/.poolhttp";
        bool read = method is "GET" or "HEAD" or "OPTIONS" or "PROPFIND";
        if (c.Server.Options.AnonymousRead && read && !internalPath) return;
        if (auth.Verify(c.Head.Get("Authorization"))) return;
        throw new HttpError(401, "This server needs a user name and password (HTTP Basic authentication).", c.Head.HasBody)
            .With("WWW-Authenticate", Security.BasicAuthenticator.Challenge);
    }

    public static string Allowed(Connection c) => (c.Server.Options.ReadOnly, c.Server.Options.WebDav) switch
    {
        (true, false) => ReadMethods,
        (true, true) => ReadMethods + ", PROPFIND",
        (false, false) => AllMethods,
        (false, true) => AllMethods + ", " + DavHandler.Methods,
    };

    public static void RespondOptions(Connection c, string allow)
    {
        if (c.Head.HasBody) c.CloseAfter();
        var headers = new List<KeyValuePair<string, string>> { new("Allow", allow) };
        if (c.Server.Options.WebDav)
        {
            headers.Add(new("DAV", DavHandler.Compliance));
            headers.Add(new("MS-Author-Via", "DAV"));
        }
        c.Respond(204, ReadOnlySpan<byte>.Empty, null, headers);
    }
}
