using System.Net;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// Where a Basic credential may go: over https:// always, over plain http:// (where anyone on the way can read it)
/// only when the user asked for it, as Invoke-WebRequest's <c>-AllowUnencryptedAuthentication</c> does.
/// </summary>
public static class CredentialTransport
{
    /// <summary>
    /// Throws <see cref="PoolException"/> (<see cref="PoolErrorKind.UnencryptedAuthentication"/>, about
    /// <paramref name="target"/>) when <paramref name="credential"/> would go to a plain http:// URL and
    /// <paramref name="allowUnencrypted"/> is false. Callers check before sending anything.
    /// </summary>
    public static void Check(NetworkCredential? credential, bool allowUnencrypted, Uri target, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (credential is null || allowUnencrypted || !target.IsAbsoluteUri || target.Scheme != Uri.UriSchemeHttp) return;
        throw new PoolException(PoolErrorKind.UnencryptedAuthentication,
            "Refusing to send the credential unencrypted over http://: use https://, or allow it with -AllowUnencryptedAuthentication "
            + "(--allow-unencrypted-auth on the command line). Nothing was sent.", target)
        { Method = method };
    }
}
