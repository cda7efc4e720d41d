using System.Net;

namespace PoolHttp.Engine.Server.Security;

/// <summary>
/// Who may use a server and whether it speaks HTTPS, as people give it: one user's credential or a file of users,
/// anonymous read, and a certificate file with its optional key file and password. <see cref="ApplyTo"/> turns it
/// into <see cref="ServerOptions"/> the same way for the PowerShell module and for <c>poolhttp serve</c>.
/// </summary>
public sealed record ServerSecurity
{
    /// <summary>The one user a server requires (hashed at once, the password not kept); null for none.</summary>
    public NetworkCredential? Credential { get; init; }

    /// <summary>A file of <c>user:pbkdf2-sha256:...</c> lines whose users the server requires; null for none.</summary>
    public string? UsersFile { get; init; }

    /// <summary>With a user: reads need no credential, writes and statistics do.</summary>
    public bool AnonymousRead { get; init; }

    /// <summary>Serve HTTPS with this certificate: a PFX file, or a PEM file (key inside or in <see cref="CertificateKeyPath"/>).</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>; only with a certificate.</summary>
    public string? CertificateKeyPath { get; init; }

    /// <summary>The password of the PFX file or of an encrypted PEM key; null or empty for none.</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>
    /// <paramref name="options"/> with this security: its authentication, anonymous read and certificate. Throws
    /// <see cref="ArgumentException"/> for a credential and a users file together, a credential without a user
    /// name, a key without a certificate, or a certificate that cannot be read.
    /// </summary>
    public ServerOptions ApplyTo(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Authentication = Authenticator(), AnonymousRead = AnonymousRead, Certificate = Certificate() };
    }

    private BasicAuthenticator? Authenticator()
    {
        if (Credential is not null && UsersFile is not null) throw new ArgumentException("Give one user or a users file, not both.");
        if (UsersFile is not null) return BasicAuthenticator.FromFile(UsersFile);
        return Credential is null ? null : BasicAuthenticator.FromCredential(Credential.UserName, Credential.Password);
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate()
    {
        if (CertificatePath is null)
        {
            if (CertificateKeyPath is not null) throw new ArgumentException("A certificate key needs a certificate.", nameof(CertificateKeyPath));
            return null;
        }
        return TlsCertificate.Load(CertificatePath, CertificateKeyPath, string.IsNullOrEmpty(CertificatePassword) ? null : CertificatePassword);
    }
}
