using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PoolHttp.Engine.Client;

/// <summary>Trusting a server certificate that the system does not: a CA file, or the server's own certificate.</summary>
public static class CertificateTrust
{
    /// <summary>Reads the certificates of a PEM file (one or more), or of a DER or PKCS#12 file; keys are ignored.</summary>
    /// <exception cref="ArgumentException">The file cannot be read or holds no certificate.</exception>
    public static X509Certificate2Collection Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var certificates = new X509Certificate2Collection();
        try
        {
            string text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) certificates.ImportFromPem(text);
            else certificates.Add(new X509Certificate2(path));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Cannot read the CA certificate file '{path}': {e.Message}", nameof(path), e);
        }
        if (certificates.Count == 0) throw new ArgumentException($"The CA certificate file '{path}' holds no certificate.", nameof(path));
        return certificates;
    }

    /// <summary>
    /// Accepts what the system accepts, and otherwise a certificate whose chain ends in one of <paramref name="trusted"/>;
    /// the name in the certificate must still match the host.
    /// </summary>
    internal static bool Validate(X509Certificate2Collection trusted, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.ExtraStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
