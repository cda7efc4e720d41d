using System.Globalization;
using System.Net;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// The decisions the client cmdlets would otherwise make themselves, kept here where tests can reach them: the
/// cmdlets only resolve PowerShell paths and map bound parameters, then call these.
/// </summary>
public static class CmdletSupport
{
    /// <summary>What an idle timeout of 0 seconds means: no idle timeout at all.</summary>
    public const double NoTimeout = 0;

    /// <summary>The largest idle timeout in seconds a client accepts (a timer's limit, about 24 days).</summary>
    public const double MaxTimeoutSeconds = int.MaxValue / 1000.0;

    /// <summary>
    /// The client options for an idle timeout in seconds (0: none) and an optional credential for Basic
    /// authentication; throws <see cref="ArgumentException"/> for a negative, infinite or NaN timeout.
    /// </summary>
    public static PoolClientOptions ClientOptions(double idleTimeoutSeconds, NetworkCredential? credential, bool skipCertificateCheck = false, string? caCertificatePath = null) =>
        new()
        {
            IdleTimeout = IdleTimeout(idleTimeoutSeconds),
            Credential = credential,
            SkipCertificateCheck = skipCertificateCheck,
            TrustedCertificates = caCertificatePath is null ? null : CertificateTrust.Load(caCertificatePath),
        };

    /// <summary>
    /// An idle timeout in seconds as a time span: 0 is none (<see cref="Timeout.InfiniteTimeSpan"/>); throws
    /// <see cref="ArgumentException"/> for a negative, infinite or NaN timeout.
    /// </summary>
    public static TimeSpan IdleTimeout(double idleTimeoutSeconds)
    {
        if (double.IsNaN(idleTimeoutSeconds) || idleTimeoutSeconds < 0 || idleTimeoutSeconds > MaxTimeoutSeconds)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The timeout must be a number of seconds from 0 (none) to {MaxTimeoutSeconds}."), nameof(idleTimeoutSeconds));
        }
        return idleTimeoutSeconds == NoTimeout ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(idleTimeoutSeconds);
    }

    /// <summary>
    /// Where a download writes: <paramref name="resolved"/>, the file-system path PowerShell made of
    /// <paramref name="typed"/>, still ending with a separator when the typed path did. That keeps "put it in this
    /// folder" for a folder that does not exist yet, which then fails as missing instead of becoming a file name.
    /// </summary>
    public static string DownloadDestination(string typed, string resolved)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(resolved);
        return EndsWithSeparator(typed) && !EndsWithSeparator(resolved) ? resolved + Path.DirectorySeparatorChar : resolved;
    }

    /// <summary>The action <c>-WhatIf</c> and <c>-Confirm</c> name for a delete.</summary>
    public static string DeleteAction(DeleteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Recursive ? "Delete remote file or folder with everything in it" : "Delete remote file or empty folder";
    }

    private static bool EndsWithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);

    /// <summary>
    /// Start-PoolHttpServer's security parameters on top of <paramref name="options"/>: a credential (hashed at once,
    /// the password not kept), anonymous read, and a certificate file with its optional key file and password (an
    /// empty password is none); <paramref name="resolvePath"/> turns a user's path into a file-system path.
    /// Throws <see cref="ArgumentException"/> for an unreadable certificate or a credential without a user name.
    /// </summary>
    public static Server.ServerOptions WithSecurity(Server.ServerOptions options, NetworkCredential? credential, bool anonymousRead,
        string? certificatePath, string? certificateKeyPath, string? certificatePassword, Func<string, string> resolvePath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolvePath);
        if (certificatePath is null && certificateKeyPath is not null)
            throw new ArgumentException("A certificate key needs a certificate.", nameof(certificateKeyPath));
        return options with
        {
            Authentication = credential is null ? null : Server.Security.BasicAuthenticator.FromCredential(credential.UserName, credential.Password),
            AnonymousRead = anonymousRead,
            Certificate = certificatePath is null ? null : Server.Security.TlsCertificate.Load(resolvePath(certificatePath),
                certificateKeyPath is null ? null : resolvePath(certificateKeyPath), string.IsNullOrEmpty(certificatePassword) ? null : certificatePassword),
        };
    }
}
