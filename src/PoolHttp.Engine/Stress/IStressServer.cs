using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Stress;

/// <summary>The server a stress row runs against: one we started, or an existing one.</summary>
internal interface IStressServer : IAsyncDisposable
{
    /// <summary>The remote folder the test files are in and uploads go to (ends with a slash).</summary>
    Uri Folder { get; }

    /// <summary>The server's worker count, when known.</summary>
    int? Workers { get; }

    /// <summary>The server's concurrency model, when known.</summary>
    ServerMode? Mode { get; }

    /// <summary>True when reading the counts is itself a request the server counts (the stats endpoint).</summary>
    bool CountsAreRequests { get; }

    /// <summary>
    /// Puts the files the download rows read where <see cref="Folder"/> says, as well as it can: a file that could not
    /// be put there shows as failed downloads (404), which is what the rows should report.
    /// </summary>
    Task PrepareAsync(IReadOnlyList<TestFile> files, CancellationToken cancellationToken);

    /// <summary>The server's request counts now; null when it has none to give.</summary>
    Task<ServerCounts?> CountsAsync(CancellationToken cancellationToken);

    /// <summary>Checks that an upload left the server holding exactly <paramref name="file"/>; null when it does.</summary>
    Task<PoolException?> VerifyUploadAsync(Uri target, string name, TestFile file, CancellationToken cancellationToken);
}
