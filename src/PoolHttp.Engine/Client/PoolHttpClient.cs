using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// Uploads, downloads, lists and deletes remote files over one pool of keep-alive connections. Everything streams
/// through pooled buffers (no file is ever held in memory), every transfer has an idle timeout, and every failure
/// is a <see cref="PoolException"/>; the caller's cancellation stays an <see cref="OperationCanceledException"/>
/// and leaves no temporary file behind. Thread-safe: one instance serves any number of concurrent transfers.
/// </summary>
public sealed partial class PoolHttpClient : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly HttpClient _http;

    /// <summary>Creates a client with the default options (30 s idle timeout).</summary>
    public PoolHttpClient()
        : this(new PoolClientOptions())
    {
    }

    /// <summary>Creates a client; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public PoolHttpClient(PoolClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
        };
        if (options.IdleTimeout != Timeout.InfiniteTimeSpan) handler.ConnectTimeout = options.IdleTimeout;
        if (options.SkipCertificateCheck) handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        else if (options.TrustedCertificates is { Count: > 0 } trusted)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => CertificateTrust.Validate(trusted, certificate, errors);
        // The idle watch bounds every transfer; a whole-request timeout would cut long transfers that are moving.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PoolHttp", typeof(PoolHttpClient).Assembly.GetName().Version?.ToString(3)));
        if (options.Credential is { } credential)
        {
            string token = Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.UserName + ":" + credential.Password));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    /// <summary>The options this client was created with.</summary>
    public PoolClientOptions Options { get; }

    /// <summary>Deletes a remote file or folder; a non-empty folder only when <see cref="DeleteOptions.Recursive"/>.</summary>
    public async Task DeleteAsync(DeleteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RemoteNames.Check(options.Target);
        var uri = options.Recursive ? RemoteNames.WithQuery(options.Target, "recursive=true") : options.Target;
        using var watch = new IdleWatch(Options.IdleTimeout, cancellationToken);
        try
        {
            using var log = StartRequest(HttpMethod.Delete, uri, options.Target);
            using var request = new HttpRequestMessage(HttpMethod.Delete, uri);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watch.Token).ConfigureAwait(false);
            log.Answered(response);
            if (!response.IsSuccessStatusCode)
                throw await ClientErrors.FromResponseAsync(response, options.Target, watch.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not PoolException && ClientErrors.IsTransport(e))
        {
            throw ClientErrors.Translate(e, watch, cancellationToken, options.Target, HttpMethod.Delete);
        }
    }

    private static readonly HttpMethod Mkcol = new("MKCOL");

    /// <summary>
    /// Creates one remote folder with <c>MKCOL</c> and returns it. Its parent must exist (409 otherwise, a Conflict);
    /// a file or folder already there is a Conflict too (the server's 405).
    /// </summary>
    public async Task<PoolFileInfo> CreateFolderAsync(FolderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RemoteNames.Check(options.Target);
        var uri = options.FolderUri;
        using var watch = new IdleWatch(Options.IdleTimeout, cancellationToken);
        try
        {
            using var log = StartRequest(Mkcol, uri, options.Target);
            using var request = new HttpRequestMessage(Mkcol, uri);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watch.Token).ConfigureAwait(false);
            log.Answered(response);
            if (response.StatusCode != System.Net.HttpStatusCode.Created)
            {
                var failure = await ClientErrors.FromResponseAsync(response, options.Target, watch.Token).ConfigureAwait(false);
                // 405 is both "something exists there" (RFC 4918 9.3.1; Allow still lists writes) and a read-only server
                // (Allow lists only reads): the first is a conflict with what exists, the second a refusal.
                if (failure.StatusCode != 405 || !response.Content.Headers.Allow.Contains("DELETE")) throw failure;
                throw new PoolException(PoolErrorKind.Conflict, "A file or folder already exists at this name.", options.Target, 405, failure)
                {
                    Method = failure.Method,
                    ReasonPhrase = failure.ReasonPhrase,
                };
            }
            string name = Uri.UnescapeDataString(uri.AbsolutePath.TrimEnd('/').Split('/')[^1]);
            var created = response.Headers.Date?.UtcDateTime ?? DateTime.UtcNow;
            return new PoolFileInfo(name, PoolEntryType.Directory, 0, created, uri);
        }
        catch (Exception e) when (e is not PoolException && ClientErrors.IsTransport(e))
        {
            throw ClientErrors.Translate(e, watch, cancellationToken, options.Target, Mkcol);
        }
    }

    /// <summary>
    /// Every request starts here, before anything is sent: the credential must be allowed to go to
    /// <paramref name="item"/> (the file or folder the caller named, whose scheme and host every request URI of it
    /// shares), and the request to <paramref name="uri"/> is timed for <see cref="PoolClientOptions.RequestCompleted"/>.
    /// </summary>
    private RequestLog StartRequest(HttpMethod method, Uri uri, Uri item)
    {
        CredentialTransport.Check(Options.Credential, Options.AllowUnencryptedAuthentication, item, method.Method);
        return new RequestLog(Options.RequestCompleted, method, uri);
    }

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => _http.Dispose();
}
