using System.Net.Http.Headers;
using System.Text.Json;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// A server the runner did not start (ours elsewhere, nginx, any WebDAV-style server that takes PUT and DELETE).
/// The run works in a folder of its own below the given URL and removes it on dispose. Counts come from
/// <c>/.poolhttp/stats</c> when the server has it, and are unknown otherwise.
/// </summary>
internal sealed class ExistingServer : IStressServer
{
    private static readonly TimeSpan MaxStatsTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly Uri _stats;
    private readonly StressClientSettings _clients;

    private ExistingServer(HttpClient http, Uri stats, Uri folder, StressClientSettings clients)
    {
        _http = http;
        _stats = stats;
        Folder = folder;
        _clients = clients;
    }

    public Uri Folder { get; }

    public int? Workers { get; private set; }

    public ServerMode? Mode { get; private set; }

    public bool CountsAreRequests => true;

    /// <summary>False when the server had no statistics to give when the run began: it is not asked again.</summary>
    private bool HasStats { get; set; }

    /// <summary>Looks at the server's statistics once, to learn its worker count and mode (when it has them).</summary>
    public static async Task<ExistingServer> OpenAsync(Uri baseUri, string runId, StressClientSettings clients, CancellationToken cancellationToken)
    {
        var idleTimeout = clients.IdleTimeout;
        var folderBase = baseUri.AbsolutePath.EndsWith('/') ? baseUri : new Uri(baseUri.GetLeftPart(UriPartial.Path) + "/");
        var statsTimeout = idleTimeout == Timeout.InfiniteTimeSpan || idleTimeout > MaxStatsTimeout ? MaxStatsTimeout : idleTimeout;
        var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, ConnectTimeout = statsTimeout };
        var trust = clients.ToClientOptions();
        if (trust.SkipCertificateCheck) handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        else if (trust.TrustedCertificates is { } trusted)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => CertificateTrust.Validate(trusted, certificate, errors);
        var http = new HttpClient(handler) { Timeout = statsTimeout };
        var server = new ExistingServer(http, new Uri(baseUri, "/.poolhttp/stats"), new Uri(folderBase, $"poolhttp-stress-{runId}/"), clients);
        var stats = await server.StatisticsAsync(cancellationToken).ConfigureAwait(false);
        server.HasStats = stats is not null;
        server.Workers = stats?.Workers;
        server.Mode = stats?.Mode;
        return server;
    }

    public async Task PrepareAsync(IReadOnlyList<TestFile> files, CancellationToken cancellationToken)
    {
        using var client = StressTransfer.CreateClient(_clients);
        foreach (var file in files)
        {
            try
            {
                await client.UploadAsync(new UploadOptions(file.Path, new Uri(Folder, file.Name)), null, cancellationToken).ConfigureAwait(false);
            }
            catch (PoolException)
            {
                // the download rows will report it, client by client
            }
        }
    }

    public async Task<ServerCounts?> CountsAsync(CancellationToken cancellationToken) =>
        HasStats && await StatisticsAsync(cancellationToken).ConfigureAwait(false) is { } s ? new ServerCounts(s.Succeeded, s.Failed, s.Active) : null;

    /// <summary>Downloads the uploaded file into a hash: the server's copy is what counts.</summary>
    public async Task<PoolException?> VerifyUploadAsync(Uri target, string name, TestFile file, CancellationToken cancellationToken)
    {
        using var client = StressTransfer.CreateClient(_clients);
        try
        {
            var r = await client.DownloadToHashAsync(target, null, cancellationToken).ConfigureAwait(false);
            return StressVerify.Compare(r.Length, r.Sha256, file, target);
        }
        catch (PoolException e)
        {
            return e;
        }
    }

    /// <summary>Removes the run's folder (best effort, bounded: the run is over either way).</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        using var client = StressTransfer.CreateClient(_clients);
        try
        {
            await client.DeleteAsync(new DeleteOptions(Folder, Recursive: true), timeout.Token).ConfigureAwait(false);
        }
        catch (PoolException)
        {
            // NotFound: nothing was left; anything else: the server is gone or refuses, and there is no one to tell
        }
        catch (OperationCanceledException)
        {
        }
        _http.Dispose();
    }

    /// <summary>The stats endpoint's numbers, or null when the server has none (or does not answer).</summary>
    private async Task<ServerStatistics?> StatisticsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _stats);
        // A Process-mode server holds a child per idle connection: never leave one open between rows.
        request.Headers.ConnectionClose = true;
        if (_clients.Credential is { } credential)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credential.UserName + ":" + credential.Password)));
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            string json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ServerStatistics.Parse(json);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
