using PoolHttp.Engine.Client;

namespace PoolHttp.Engine.Stress;

/// <summary>How every client of a run connects: idle timeout and, for HTTPS servers, which certificates it trusts.</summary>
/// <param name="IdleTimeout">A transfer fails when no byte moved for this long.</param>
/// <param name="SkipCertificateCheck">Accept any server certificate (self-signed test servers only).</param>
/// <param name="CaCertificatePath">A PEM/DER/PFX file of certificates to trust besides the system's, or null.</param>
/// <param name="Credential">HTTP Basic credential for a server that requires one, or null.</param>
/// <param name="AllowUnencryptedAuthentication">Send <paramref name="Credential"/> over plain http:// too.</param>
public sealed record StressClientSettings(TimeSpan IdleTimeout, bool SkipCertificateCheck = false, string? CaCertificatePath = null,
    System.Net.NetworkCredential? Credential = null, bool AllowUnencryptedAuthentication = false)
{
    /// <summary>The client options these settings stand for.</summary>
    public PoolClientOptions ToClientOptions() => new()
    {
        IdleTimeout = IdleTimeout,
        Credential = Credential,
        AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
        SkipCertificateCheck = SkipCertificateCheck,
        TrustedCertificates = CaCertificatePath is null ? null : CertificateTrust.Load(CaCertificatePath),
    };
}
