using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The self-signed certificate a run's own HTTPS servers use (<see cref="StressOptions.Tls"/>): made in memory for
/// 127.0.0.1 and localhost, valid for a day, its public part written beside the run so that client processes trust
/// exactly it and nothing else.
/// </summary>
internal static class StressCertificate
{
    public static X509Certificate2 Create(string publicPemPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=PoolHttp stress", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(publicPemPath, created.ExportCertificatePem());
        // A certificate with an ephemeral key cannot serve TLS on every platform: round-trip it through PKCS#12.
        return new X509Certificate2(created.Export(X509ContentType.Pkcs12));
    }
}
