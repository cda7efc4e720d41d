using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PoolHttp.Engine.Server.Security;

/// <summary>Loads the server's certificate (PFX, or PEM certificate and key) and describes the TLS it speaks: 1.2 and 1.3 only.</summary>
public static class TlsCertificate
{
    /// <summary>
    /// Loads a certificate with its private key: a PKCS#12 (PFX) file, or a PEM certificate whose key is in
    /// <paramref name="keyPath"/> or in the same file. <paramref name="password"/> opens a PFX or an encrypted PEM key.
    /// </summary>
    /// <exception cref="ArgumentException">The file cannot be read, the password is wrong, or there is no private key.</exception>
    public static X509Certificate2 Load(string path, string? keyPath = null, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        X509Certificate2 certificate;
        try
        {
            if (keyPath is not null || IsPem(path))
            {
                using var pem = string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
                // A PEM key is ephemeral; a PKCS#12 round trip gives a certificate every platform's TLS can use.
                certificate = new X509Certificate2(pem.Export(X509ContentType.Pkcs12));
            }
            else
            {
                certificate = new X509Certificate2(path, password);
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Cannot load the certificate '{path}': {e.Message}", nameof(path), e);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException($"The certificate '{path}' has no private key: give the key file as well.", nameof(path));
        }
        return certificate;
    }

    /// <summary>What a TLS server says in its handshakes: this certificate, TLS 1.2 and 1.3, HTTP/1.1.</summary>
    internal static SslServerAuthenticationOptions ServerOptions(X509Certificate2 certificate) => new()
    {
        // offline: never fetch intermediate certificates from the network while starting.
        ServerCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        AllowRenegotiation = false,
        ApplicationProtocols = new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 },
    };

    /// <summary>The certificate and key as one text line, for a worker process's control pipe (never its command line).</summary>
    internal static string ToTransfer(X509Certificate2 certificate) => Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));

    /// <summary>The certificate from <see cref="ToTransfer"/>.</summary>
    internal static X509Certificate2 FromTransfer(string line) => new(Convert.FromBase64String(line));

    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[256];
        int n = file.Read(start);
        return System.Text.Encoding.ASCII.GetString(start[..n]).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
