namespace PoolHttp.Engine.Server.Handlers;

/// <summary>What every page for people shares: its security headers and whether its controls may write.</summary>
internal static class WebPage
{
    /// <summary>
    /// Scripts, styles and fetches from this server only, and no inline script or style at all (the pages load theirs
    /// from <c>/.poolhttp/assets/</c>), so an injected name could never run. Forms post only here; no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The headers sent with every HTML page.</summary>
    public static readonly KeyValuePair<string, string>[] SecurityHeaders =
    {
        new("Content-Security-Policy", ContentSecurityPolicy),
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "same-origin"),
    };

    /// <summary>
    /// True when this request could write: the server is not read-only, and it either needs no credential or this
    /// request carries a valid one (an anonymous reader sees no upload, delete or new-folder controls).
    /// </summary>
    public static bool CanWrite(Connection c)
    {
        var options = c.Server.Options;
        if (options.ReadOnly) return false;
        return options.Authentication is null || options.Authentication.Verify(c.Head.Get("Authorization"));
    }

    /// <summary>True when a reader let in anonymously could sign in to write (<c>?login</c>).</summary>
    public static bool CanSignIn(Connection c) =>
        !c.Server.Options.ReadOnly && c.Server.Options.Authentication is { } auth && !auth.Verify(c.Head.Get("Authorization"));
}
