using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Stress;

/// <summary>A server the runner started for one server-worker count, on the run's scratch root; stopped on dispose.</summary>
internal sealed class OwnServer : IStressServer
{
    private readonly PoolServer _server;
    private readonly string _root;

    private OwnServer(PoolServer server, string root)
    {
        _server = server;
        _root = root;
    }

    public Uri Folder => _server.BaseUri;

    public int? Workers => _server.Options.Workers;

    public ServerMode? Mode => _server.Options.Mode;

    public bool CountsAreRequests => false;

    /// <summary>Starts the server off the caller's thread (a Process-mode pool takes a while) and returns once it accepts.</summary>
    public static async Task<OwnServer> StartAsync(string root, ServerMode mode, int workers, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var options = new ServerOptions { Root = root, Port = 0, Mode = mode, Workers = workers, StopTimeout = TimeSpan.FromSeconds(5), Certificate = certificate };
        var server = await Task.Run(() => PoolServer.Start(options)).ConfigureAwait(false);
        return new OwnServer(server, root);
    }

    /// <summary>The test files were written into the served root.</summary>
    public Task PrepareAsync(IReadOnlyList<TestFile> files, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ServerCounts?> CountsAsync(CancellationToken cancellationToken)
    {
        var s = _server.Statistics();
        return Task.FromResult<ServerCounts?>(new ServerCounts(s.Succeeded, s.Failed, s.Active));
    }

    /// <summary>Our own server's file is checked on disk: no second transfer needed.</summary>
    public async Task<PoolException?> VerifyUploadAsync(Uri target, string name, TestFile file, CancellationToken cancellationToken)
    {
        string path = Path.Combine(_root, name);
        if (!File.Exists(path)) return new PoolException(PoolErrorKind.NotFound, "The server holds no file under the uploaded name.", target);
        var (length, sha) = await TestFile.HashAsync(path, cancellationToken).ConfigureAwait(false);
        return StressVerify.Compare(length, sha, file, target);
    }

    public ValueTask DisposeAsync() => new(Task.Run(_server.Stop));
}
