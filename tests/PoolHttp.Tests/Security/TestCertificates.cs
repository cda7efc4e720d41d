using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PoolHttp.Tests.Security;

/// <summary>Self-signed certificates made inside the test run: no external tool, no system trust store.</summary>
internal static class TestCertificates
{
    /// <summary>A server certificate for localhost and 127.0.0.1 with its private key, valid for a day.</summary>
    public static X509Certificate2 Create(string name = "PoolHttp test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new("1.3.6.1.5.5.7.3.1") }, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The certificate alone (no key) as a PEM file, the way a CA file is handed to clients.</summary>
    public static string WritePublicPem(X509Certificate2 certificate, string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "ca.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
