using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The decisions <c>Invoke-PoolStressTest</c> would otherwise make itself, kept here where tests can reach them: the
/// cmdlet passes its bound parameters (null when not bound) and runs what this returns.
/// </summary>
public static class StressCmdletSupport
{
    /// <summary>
    /// The options of a run: every value given replaces the seed matrix's (<see cref="StressOptions"/>'s defaults),
    /// every null keeps it. A value named twice in a list is one set of rows, as in <c>poolhttp stress</c>
    /// (<paramref name="repetitions"/> is how to repeat a combination). The idle timeout is in seconds, 0 meaning none;
    /// throws <see cref="ArgumentException"/> for a negative or NaN one. Everything else is checked when the run
    /// starts (<see cref="StressOptions.Validate"/>).
    /// </summary>
    public static StressOptions Options(
        IEnumerable<StressOperation>? operations = null,
        IEnumerable<long>? fileSizes = null,
        IEnumerable<int>? clientWorkers = null,
        IEnumerable<int>? serverWorkers = null,
        StressClientMode? clientMode = null,
        ServerMode? serverMode = null,
        Uri? baseUri = null,
        double? timeoutSeconds = null,
        int? repetitions = null,
        bool tls = false,
        bool skipCertificateCheck = false,
        string? caCertificatePath = null,
        System.Net.NetworkCredential? credential = null,
        bool allowUnencryptedAuthentication = false)
    {
        var defaults = new StressOptions();
        return defaults with
        {
            Operations = Distinct(operations) ?? defaults.Operations,
            FileSizes = Distinct(fileSizes) ?? defaults.FileSizes,
            ClientWorkers = Distinct(clientWorkers) ?? defaults.ClientWorkers,
            ServerWorkers = Distinct(serverWorkers) ?? defaults.ServerWorkers,
            ClientMode = clientMode ?? defaults.ClientMode,
            ServerMode = serverMode ?? defaults.ServerMode,
            BaseUri = baseUri,
            IdleTimeout = timeoutSeconds is double seconds ? CmdletSupport.IdleTimeout(seconds) : defaults.IdleTimeout,
            Repetitions = repetitions ?? defaults.Repetitions,
            Tls = tls,
            SkipCertificateCheck = skipCertificateCheck,
            CaCertificatePath = caCertificatePath,
            Credential = credential,
            AllowUnencryptedAuthentication = allowUnencryptedAuthentication,
        };
    }

    private static T[]? Distinct<T>(IEnumerable<T>? values) => values?.Distinct().ToArray();
}
